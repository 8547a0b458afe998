import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const run = promisify(execFile)
const scripts: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts

/** Every command `npm run <name>` runs: its pre-script, then its own, with nested `npm run`s expanded. */
function commandsOf(name: string): string[] {
  return [scripts[`pre${name}`], scripts[name]]
    .filter((script) => script !== undefined)
    .flatMap((script) => script.split('&&').map((command) => command.trim()))
    .flatMap((command) => {
      const nested = /^npm (?:run )?([\w:-]+)/.exec(command)?.[1]
      return nested && nested in scripts ? commandsOf(nested) : [command]
    })
}

describe('the npm scripts', () => {
  it('let CI build dist/ once: npm test builds it, and the later steps check that build', () => {
    const steps = readFileSync(join(root, '.ci', 'run'), 'utf8')
      .split('\n')
      .map((line) => /^npm (?:run )?([\w:-]+)/.exec(line)?.[1])
      .filter((name) => name !== undefined && name !== 'ci')
    expect(steps[0]).toBe('test')
    expect(steps.flatMap((name) => commandsOf(name!)).filter((command) => /\bunbuild\b/.test(command))).toEqual(['unbuild'])
  })

  it('npm start runs the chat demo from lib/ and prints only what the demo prints from dist/', async () => {
    const { INKEEP_API_KEY, INKEEP_INTEGRATION_ID, ...env } = process.env
    const fromSource = await run('npm', ['start', '--silent'], { cwd: root, env })
    const fromDist = await run(process.execPath, [join(root, 'examples/chat/main.mjs')], { cwd: root, env })
    expect(fromSource.stderr).toBe('')
    expect(fromSource.stdout).toBe(fromDist.stdout)
    expect(commandsOf('start').some((command) => /\bunbuild\b/.test(command))).toBe(false)
  })
})
