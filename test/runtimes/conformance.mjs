// Runtime-neutral conformance run for the built package: plain ESM, no test framework, no `node:`
// imports, so the same file runs in Node, Deno, Bun, workerd and a browser. Every scenario runs
// twice: through `createMockInkeep().fetch` in process, and over a real loopback socket served by
// the runner's mock hub (lib/mock-hub.mjs), when the runtime was given its URL.
import { createMockInkeep } from '@inkeep/chat-api/testing'
import { completionScenarios } from './completion-scenarios.mjs'
import { API_KEY, CheckFailed } from './scenario-helpers.mjs'
import { scenarios } from './scenarios.mjs'

const SCENARIO_TIMEOUT_MS = 15_000
const timeout = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new CheckFailed(`${what} took over ${ms} ms`)), ms))
const withTimeout = (promise, ms, what) => Promise.race([promise, timeout(ms, what)])

/** The mock in this process, its `fetch` passed as `config.fetch`. */
const inProcess = {
  name: 'in-process',
  async start(options) {
    const mock = createMockInkeep(options)
    return {
      config: { apiKey: API_KEY, fetch: mock.fetch },
      requests: async () => mock.requests,
      streamEnd: (index) => withTimeout(mock.requests[index].stream.ended, 5000, 'the stream end'),
      close: async () => {},
    }
  },
}

/** The mock on a loopback socket, created and inspected through the runner's hub. */
function overSocket(hubURL) {
  const call = async (path, init) => {
    const response = await fetch(`${hubURL}${path}`, init)
    if (!response.ok) throw new Error(`mock hub ${path}: ${response.status} ${await response.text()}`)
    return response.json()
  }
  return {
    name: 'socket',
    async start(options) {
      const { id, url } = await call('/mocks', { method: 'POST', body: JSON.stringify(options) })
      return {
        config: { apiKey: API_KEY, baseURL: url },
        requests: () => call(`/mocks/${id}/requests`),
        streamEnd: (index) => call(`/mocks/${id}/requests/${index}/end`),
        close: () => call(`/mocks/${id}`, { method: 'DELETE' }),
      }
    },
  }
}

/**
 * Runs every scenario in process and, when `hubURL` is given, over a loopback socket. Prints one
 * line per scenario and a last `N passed, N failed` line; resolves `{ passed, failed }`.
 */
export async function runConformance({ hubURL, print = (line) => console.log(line) } = {}) {
  const modes = hubURL ? [inProcess, overSocket(hubURL)] : [inProcess]
  let passed = 0
  let failed = 0
  for (const mode of modes) {
    for (const [title, scenario] of Object.entries({ ...scenarios, ...completionScenarios })) {
      const opened = []
      const tracked = { ...mode, start: async (options) => (opened.push(await mode.start(options)), opened.at(-1)) }
      try {
        await withTimeout(scenario(tracked), SCENARIO_TIMEOUT_MS, 'the scenario')
        passed++
        print(`ok   ${mode.name} · ${title}`)
      } catch (error) {
        failed++
        print(`FAIL ${mode.name} · ${title}: ${error instanceof CheckFailed ? error.message : String(error?.stack ?? error)}`)
      } finally {
        await Promise.all(opened.map((mock) => mock.close().catch(() => {})))
      }
    }
  }
  print(`${passed} passed, ${failed} failed`)
  return { passed, failed }
}
