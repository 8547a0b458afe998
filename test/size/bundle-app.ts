import { nodeResolve } from '@rollup/plugin-node-resolve'
import { build, transform } from 'esbuild'
import { join } from 'node:path'
import { rollup } from 'rollup'

// Bundles a browser app that imports one public function from the BUILT package (dist/, through
// package.json "exports", as a user's bundler resolves it), with esbuild and with rollup: they
// tree-shake differently (esbuild keeps unused top-level calls into other modules, evanw/esbuild#4369).

export const root = join(import.meta.dirname, '..', '..')

export type Bundler = 'esbuild' | 'rollup'
export type PublicFunction = 'createChatSession' | 'continueChatSession'
/** What a page that reads its own server's stream imports: no request path, no transport. */
export type PageFunction = 'readChatEvents'
/** v1's request function: apart from PUBLIC_FUNCTIONS, whose two functions the tree-shaking test holds against each other. */
export type CompletionFunction = 'createChatCompletion'
/** Any function an app can be bundled with. */
export type AppFunction = PublicFunction | PageFunction | CompletionFunction
export const BUNDLERS: Bundler[] = ['esbuild', 'rollup']
export const PUBLIC_FUNCTIONS: PublicFunction[] = ['createChatSession', 'continueChatSession']
export const PAGE_FUNCTIONS: PageFunction[] = ['readChatEvents']
export const COMPLETION_FUNCTIONS: CompletionFunction[] = ['createChatCompletion']

export interface AppBundle {
  /** The tree-shaken bundle before minification: function names are still readable. */
  code: string
  /** The same bundle minified by esbuild. */
  minified: string
  /** Every module kept, as a path relative to the repository, with its bytes in the bundle. */
  modules: Array<{ path: string; bytes: number }>
  /** What `bytes` counts: esbuild reports minified bytes, rollup bytes before minification. */
  moduleBytes: 'minified' | 'unminified'
}

const APP_FILE = 'app.js'
const appSource = (name: AppFunction): string => `import { ${name} } from '@inkeep/chat-api'\nconsole.log(${name})\n`

const relative = (path: string): string => path.replace(`${root}/`, '')

async function bundleWithEsbuild(name: AppFunction): Promise<AppBundle> {
  const options = {
    stdin: { contents: appSource(name), resolveDir: root, sourcefile: APP_FILE },
    absWorkingDir: root,
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    logLevel: 'silent',
  } as const
  const [plain, minified] = await Promise.all([build(options), build({ ...options, minify: true, metafile: true })])
  const inputs = Object.values(minified.metafile.outputs)[0]!.inputs
  return {
    code: plain.outputFiles[0]!.text,
    minified: minified.outputFiles[0]!.text,
    modules: Object.entries(inputs)
      .filter(([path]) => path !== APP_FILE)
      .map(([path, input]) => ({ path: relative(path), bytes: input.bytesInOutput })),
    moduleBytes: 'minified',
  }
}

async function bundleWithRollup(name: AppFunction): Promise<AppBundle> {
  // A path in the repository, so that the package resolves from here; the plugin below serves its source.
  const app = join(root, APP_FILE)
  const bundle = await rollup({
    input: app,
    plugins: [
      { name: 'app', resolveId: (id) => (id === app ? id : null), load: (id) => (id === app ? appSource(name) : null) },
      nodeResolve({ browser: true, rootDir: root }),
    ],
    onwarn: (warning) => {
      throw new Error(`rollup: ${warning.message}`)
    },
  })
  const { output } = await bundle.generate({ format: 'es' })
  await bundle.close()
  const chunk = output[0]
  // Rollup has no minifier of its own; esbuild's only shortens what rollup kept (no tree-shaking of its own here).
  const minified = await transform(chunk.code, { minify: true, format: 'esm' })
  return {
    code: chunk.code,
    minified: minified.code,
    modules: Object.entries(chunk.modules)
      .filter(([path]) => path !== app)
      .map(([path, module]) => ({ path: relative(path), bytes: module.renderedLength })),
    moduleBytes: 'unminified',
  }
}

/** Returns the bundle of a browser app that imports only `name` from the built package. */
export function bundleApp(bundler: Bundler, name: AppFunction): Promise<AppBundle> {
  return bundler === 'esbuild' ? bundleWithEsbuild(name) : bundleWithRollup(name)
}

/** Returns the npm package a bundled module comes from: `@inkeep/chat-api` for this package's dist/. */
export function packageOf(path: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)
  return match ? match[1]! : '@inkeep/chat-api'
}
