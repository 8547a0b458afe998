import { build } from 'esbuild'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')

/** Bundles a browser app that imports `names` from the built package; returns the module paths kept. */
async function bundledModules(names: string[]): Promise<string[]> {
  const result = await build({
    stdin: { contents: `import { ${names.join(', ')} } from '@inkeep/chat-api'; console.log(${names.join(', ')})`, resolveDir: root },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    metafile: true,
    logLevel: 'silent',
  })
  return Object.keys(result.metafile.inputs)
}

describe('an app importing one function', () => {
  it.each(['createChatSession', 'continueChatSession'])('bundled with %s alone, leaves out the testing module and collectChatResult', async (name) => {
    const modules = await bundledModules([name])
    expect(modules.some((path) => path.includes('dist/index.mjs'))).toBe(true)
    expect(modules.filter((path) => path.includes('dist/testing'))).toEqual([])
    expect(modules.filter((path) => /node-fetch-native|node:/.test(path))).toEqual([])
    // Rollup keeps one module per entry, so check the bundle text for collectChatResult's own wording.
    const result = await build({
      stdin: { contents: `export { ${name} } from '@inkeep/chat-api'`, resolveDir: root },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      logLevel: 'silent',
    })
    expect(result.outputFiles[0]!.text).not.toContain('function collectChatResult')
    expect(result.outputFiles[0]!.text).toContain(`function ${name}`)
  })
})
