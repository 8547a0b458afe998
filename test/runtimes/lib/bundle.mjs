import { build } from 'esbuild'

/**
 * Bundles `entry` the way a Worker or browser toolchain would (the `workerd`/`worker`/`browser`
 * export conditions, no Node built-ins) into `outfile`.
 */
export async function bundleForWeb(entry, outfile, { conditions = ['workerd', 'worker', 'browser'], format = 'esm', globalName } = {}) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format,
    globalName,
    platform: 'neutral',
    conditions,
    mainFields: ['browser', 'module', 'main'],
    target: 'es2022',
    logLevel: 'silent',
  })
}
