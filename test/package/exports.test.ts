import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// These tests read the built package in dist/ (`npm test` builds it first), the way users load it.
const root = join(import.meta.dirname, '..', '..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

const runNode = (code: string, type: 'module' | 'commonjs'): string =>
  execFileSync(process.execPath, [type === 'module' ? '--input-type=module' : '--input-type=commonjs', '-e', code], { cwd: root, encoding: 'utf8' })

const ENTRY_EXPORTS = {
  '@inkeep/chat-api': ['MAX_ERROR_TEXT_LENGTH', 'collectChatResult', 'continueChatSession', 'createChatCompletion', 'createChatSession', 'maskChatError', 'readChatEvents', 'retrieveDocuments', 'toEventStream', 'toEventStreamResponse', 'verifyChatSessionId'],
  '@inkeep/chat-api/testing': ['createMockInkeep', 'readMockRequests'],
  '@inkeep/chat-api/testing/node': ['serveMockInkeep'],
  '@inkeep/chat-api/ai-sdk': ['chatFromUIMessages', 'completionFromUIMessages', 'toUIMessageStream', 'toUIMessageStreamResponse'],
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

describe('the built package', () => {
  it.each(Object.entries(ENTRY_EXPORTS))('exports exactly the documented names from %s, with import and with require', (specifier, names) => {
    const imported = runNode(`console.log(JSON.stringify(Object.keys(await import('${specifier}')).sort()))`, 'module')
    const required = runNode(`console.log(JSON.stringify(Object.keys(require('${specifier}')).sort()))`, 'commonjs')
    expect(JSON.parse(imported)).toEqual(names)
    expect(JSON.parse(required)).toEqual(names)
  })

  it('points every path of the exports map at a file that exists, types first', () => {
    const targets: string[] = []
    for (const [subpath, conditions] of Object.entries<Record<string, Record<string, string>> | string>(pkg.exports)) {
      if (typeof conditions === 'string') {
        targets.push(conditions)
        continue
      }
      expect(Object.keys(conditions), subpath).toEqual(['import', 'require'])
      for (const condition of Object.values(conditions)) {
        expect(Object.keys(condition)[0], subpath).toBe('types')
        targets.push(...Object.values(condition))
      }
    }
    targets.push(pkg.main, pkg.module, pkg.types)
    for (const target of targets) expect(existsSync(join(root, target)), target).toBe(true)
  })

  it('declares exactly its three runtime dependencies, a Node range and no side effects', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['eventsource-parser', 'ofetch', 'valibot'])
    expect(pkg.engines.node).toBeDefined()
    expect(pkg.sideEffects).toBe(false)
    expect(pkg.type).toBe('module')
  })

  it('imports no node: module under lib/ except the testing/node entry', () => {
    const offenders = filesUnder(join(root, 'lib'))
      .filter((file) => !file.endsWith(join('testing', 'node.ts')))
      .filter((file) => /from\s+['"]node:|require\(['"]node:|import\(['"]node:/.test(readFileSync(file, 'utf8')))
    expect(offenders).toEqual([])
  })

  it('keeps node: imports out of the built main and testing entries', () => {
    for (const file of ['index.mjs', 'index.cjs', 'testing.mjs', 'testing.cjs', 'ai-sdk.mjs', 'ai-sdk.cjs']) {
      expect(readFileSync(join(root, 'dist', file), 'utf8'), file).not.toMatch(/['"]node:/)
    }
  })

  it('keeps ofetch’s types out of the public types: they import undici, which users need not have', () => {
    const declarations = filesUnder(join(root, 'dist')).filter((file) => /\.d\.(c|m)?ts$/.test(file))
    expect(declarations.length).toBeGreaterThan(0)
    for (const file of declarations) expect(readFileSync(file, 'utf8'), file).not.toMatch(/ofetch|undici/)
  })

  it('declares no classes in the public types', () => {
    for (const file of ['index.d.mts', 'index.d.cts', 'ai-sdk.d.mts', 'ai-sdk.d.cts']) {
      expect(readFileSync(join(root, 'dist', file), 'utf8'), file).not.toMatch(/\bclass\s/)
    }
  })
})
