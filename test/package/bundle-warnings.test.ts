import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { build, formatMessages, type Message, type Platform } from 'esbuild'
import { describe, expect, it } from 'vitest'

// A user's bundler must build an app that imports the built package (dist/, `npm test` builds it
// first) without a single warning. With "sideEffects": false, a bare `import 'x'` or `require('x')`
// left in dist/ makes esbuild print "Ignoring this import because … was marked as having no side
// effects" once per such line, in every app that imports the package.

const root = join(import.meta.dirname, '..', '..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

// Where each entry is meant to run: the Node-only mock server needs node: modules.
const PLATFORM: Record<string, Platform> = {
  '.': 'browser',
  './testing': 'browser',
  './testing/node': 'node',
  './ai-sdk': 'browser',
}

const entries = Object.keys(pkg.exports).filter((subpath) => subpath !== './package.json')
const specifierOf = (subpath: string): string => `${pkg.name}${subpath.slice(1)}`

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

/** Bundles an app whose only source is `contents`, resolving the package by name from the repository. */
async function warningsOf(contents: string, platform: Platform, format: 'esm' | 'cjs'): Promise<Message[]> {
  const { warnings } = await build({
    stdin: { contents, resolveDir: root, sourcefile: format === 'esm' ? 'app.mjs' : 'app.cjs' },
    absWorkingDir: root,
    bundle: true,
    write: false,
    format,
    platform,
    logLevel: 'silent',
  })
  return warnings
}

const printed = async (warnings: Message[]): Promise<string> => (await formatMessages(warnings, { kind: 'warning' })).join('\n')

describe('an app bundled by esbuild', () => {
  it('covers every entry of the exports map', () => {
    expect(entries.sort()).toEqual(Object.keys(PLATFORM).sort())
  })

  it.each(entries.map((subpath) => [specifierOf(subpath), PLATFORM[subpath]!] as const))(
    'gets no warning importing %s (platform %s)',
    async (specifier, platform) => {
      const warnings = await warningsOf(`import * as entry from '${specifier}'\nconsole.log(entry)\n`, platform, 'esm')
      expect(warnings, await printed(warnings)).toEqual([])
    },
  )

  it.each(entries.map((subpath) => [specifierOf(subpath), PLATFORM[subpath]!] as const))(
    'gets no warning requiring %s (platform %s)',
    async (specifier, platform) => {
      const warnings = await warningsOf(`const entry = require('${specifier}')\nconsole.log(entry)\n`, platform, 'cjs')
      expect(warnings, await printed(warnings)).toEqual([])
    },
  )
})

describe('the built files', () => {
  it('hold no bare import or require: nothing is imported only for its side effects', () => {
    const code = filesUnder(join(root, 'dist')).filter((file) => /\.(mjs|cjs|js)$/.test(file) && !/\.d\.[cm]?ts$/.test(file))
    expect(code.length).toBeGreaterThan(0)
    const bare = code.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => /^\s*(?:import\s*['"][^'"]+['"]|require\(\s*['"][^'"]+['"]\s*\))\s*;?\s*$/.test(line))
        .map((line) => `${relative(root, file)}: ${line.trim()}`),
    )
    expect(bare).toEqual([])
  })
})
