import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { createMockInkeep } from '../../lib/testing/index'
import { serveHandler } from '../helpers/handler-server'

const root = fileURLToPath(new URL('../..', import.meta.url))
/** Once the calls are done, the child has this long to exit on its own: nothing of the package may hold it. */
const EXIT_DEADLINE_MS = 2000

interface ChildRun {
  /** The outcome of each call, by its name. */
  outcomes: Map<string, string[]>
  /** Whether the child exited on its own after its calls, rather than being killed. */
  exitedOnItsOwn: boolean
  stderr: string
}

/** Runs the calls of test/fixtures/no-timer-left-calls.ts in a child Node against `url`. */
function runCalls(url: string): Promise<ChildRun> {
  const child = spawn(process.execPath, ['node_modules/jiti/lib/jiti-cli.mjs', 'test/fixtures/no-timer-left-calls.ts', url], { cwd: root })
  const outcomes = new Map<string, string[]>()
  let stdout = ''
  let stderr = ''
  let deadline: NodeJS.Timeout | undefined
  // Armed by the last line, not at spawn: loading jiti and the package takes a while of its own.
  const killLater = (): void => {
    deadline ??= setTimeout(() => child.kill('SIGKILL'), EXIT_DEADLINE_MS)
  }
  child.stdout.on('data', (data: Buffer) => {
    stdout += data
    for (const line of stdout.split('\n').slice(0, -1)) {
      const { name, events } = JSON.parse(line) as { name: string; events: string[] }
      outcomes.set(name, events)
      if (name === 'done') killLater()
    }
    stdout = stdout.slice(stdout.lastIndexOf('\n') + 1)
  })
  child.stderr.on('data', (data: Buffer) => (stderr += data))
  // A child stuck before its last line is killed too, later, so that a hang fails rather than times out.
  const overall = setTimeout(() => child.kill('SIGKILL'), 15_000)
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(deadline)
      clearTimeout(overall)
      resolve({ outcomes, exitedOnItsOwn: code === 0 && signal === null, stderr })
    })
  })
}

it('leaves no timer behind, whatever the answer: the process exits on its own after a 204, a body-less stream, a stream, JSON and a 500', async () => {
  const mock = createMockInkeep()
  const server = await serveHandler((request) => {
    const answer = request.headers.get('x-answer')
    if (answer === 'no-content') return new Response(null, { status: 204 })
    if (answer === 'server-error') return new Response('down for maintenance', { status: 500 })
    return mock.fetch(request)
  })
  const run = await runCalls(server.url)

  expect(run.stderr).toBe('')
  expect(Object.fromEntries(run.outcomes)).toEqual({
    'no content': ['error invalid_response'],
    'event stream without a body': [],
    'event stream': expect.arrayContaining(['message_chunk', 'records_cited']),
    json: ['chat_result'],
    'server error': ['error http 500'],
    done: [],
  })
  expect(run.outcomes.get('event stream')?.some((summary) => summary.startsWith('error'))).toBe(false)
  expect(run.exitedOnItsOwn).toBe(true)
}, 30_000)
