// Builds a throwaway project that depends on the package the way a user's does: the `npm pack`
// tarball unpacked into node_modules, plus only the production dependencies from the lockfile,
// so a dependency missing from package.json "dependencies" breaks every runtime row.
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runProcess } from './process.mjs'

export const ROOT = join(import.meta.dirname, '..', '..', '..')
const RUNTIMES = join(ROOT, 'test', 'runtimes')

/** Copies the conformance scripts and their scenarios, and `examples/<name>/` for each name, into the project. */
async function copySources(dir, examples) {
  for (const file of ['conformance.mjs', 'scenario-helpers.mjs', 'scenarios.mjs', 'completion-scenarios.mjs', 'conformance-cli.mjs', 'conformance-worker.mjs']) await cp(join(RUNTIMES, file), join(dir, file))
  for (const name of examples) await cp(join(ROOT, 'examples', name), join(dir, 'examples', name), { recursive: true })
}

/**
 * Installs the built package into `dir` the way npm would (run `npm run build` first): the `npm pack`
 * tarball unpacked into node_modules, plus the production dependencies from the lockfile. Resolves its version.
 * `--ignore-scripts` keeps `prepare` from rebuilding dist/: the matrix checks the build already there.
 */
export async function installPackedPackage(dir) {
  const packed = await runProcess('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT })
  if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`)
  const [{ filename, version }] = JSON.parse(packed.stdout)
  const target = join(dir, 'node_modules', '@inkeep', 'chat-api')
  await mkdir(target, { recursive: true })
  const untar = await runProcess('tar', ['-xzf', join(dir, filename), '-C', target, '--strip-components=1'])
  if (untar.code !== 0) throw new Error(`tar failed:\n${untar.stderr}`)

  const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8'))
  for (const [path, entry] of Object.entries(lock.packages)) {
    // Top-level production entries only: nested ones come along with their parent's folder.
    if (!path || entry.dev || entry.devOptional || path.includes('/node_modules/')) continue
    if (existsSync(join(ROOT, path))) await cp(join(ROOT, path), join(dir, path), { recursive: true })
  }
  return version
}

/** Resolves the directory of a fresh consumer project of the built package (run `npm run build` first). */
export async function stageConsumer(examples) {
  const dir = await mkdtemp(join(tmpdir(), 'chat-api-consumer-'))
  const version = await installPackedPackage(dir)
  const manifest = { name: 'chat-api-consumer', private: true, type: 'module', dependencies: { '@inkeep/chat-api': version } }
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  await copySources(dir, examples)
  return dir
}
