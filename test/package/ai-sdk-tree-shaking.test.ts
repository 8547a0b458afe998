import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { root } from '../size/bundle-app'

/**
 * Most gzipped bytes a browser or edge app importing only the encoder may carry: 1,536 until the
 * encoder learned to mask errors and sign session ids (test/bench/README.md has the sizes).
 */
const ENCODER_GZIP_BUDGET_BYTES = 3072

/** Bundles an app importing `name` from the built `@inkeep/chat-api/ai-sdk` with esbuild; returns the packages kept and the minified code. */
async function bundle(name: string) {
  const result = await build({
    stdin: { contents: `import { ${name} } from '@inkeep/chat-api/ai-sdk'\nconsole.log(${name})\n`, resolveDir: root, sourcefile: 'app.js' },
    absWorkingDir: root,
    bundle: true,
    write: false,
    minify: true,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    logLevel: 'silent',
  })
  const inputs = Object.values(result.metafile.outputs)[0]!.inputs
  const kept = Object.entries(inputs).filter(([, input]) => input.bytesInOutput > 0).map(([path]) => path)
  return { kept, code: result.outputFiles[0]!.text }
}

describe('an app bundled by esbuild from @inkeep/chat-api/ai-sdk', () => {
  it.each(['toUIMessageStream', 'toUIMessageStreamResponse'])('importing only %s carries neither the client, valibot nor eventsource-parser', async (name) => {
    const { kept, code } = await bundle(name)
    expect(kept.filter((path) => path.includes('node_modules'))).toEqual([])
    expect(code).not.toContain('chat_results')
    expect(gzipSync(code, { level: 9 }).length).toBeLessThanOrEqual(ENCODER_GZIP_BUDGET_BYTES)
  })

  it('importing chatFromUIMessages carries the client, its three dependencies and ofetch’s own two', async () => {
    const { kept, code } = await bundle('chatFromUIMessages')
    const packages = [...new Set(kept.flatMap((path) => /node_modules\/([^/]+)/.exec(path)?.[1] ?? []))].sort()
    expect(packages).toEqual(['destr', 'eventsource-parser', 'ofetch', 'ufo', 'valibot'])
    expect(code).toContain('chat_results')
  })

  it('importing completionFromUIMessages carries the v1 client and its dependencies, and none of v0’s requests', async () => {
    const { kept, code } = await bundle('completionFromUIMessages')
    const packages = [...new Set(kept.flatMap((path) => /node_modules\/([^/]+)/.exec(path)?.[1] ?? []))].sort()
    expect(packages).toEqual(['destr', 'eventsource-parser', 'ofetch', 'ufo', 'valibot'])
    expect(code).toContain('/v1/chat/completions')
    expect(code).not.toContain('chat_results')
  })
})
