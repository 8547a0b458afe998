/**
 * Cold start: fresh Node processes that each import one client and read the first event of an answer
 * from the package's mock server, which this process serves on a loopback socket. This is what a
 * short-lived process (a CLI, a serverless function's first call) waits for; the time of the import
 * alone mostly told when Node's built-in fetch was loaded, which any first request pays anyway.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { serveMockInkeep } from '../../lib/testing/node'
import { median } from './measure'

const API_KEY = 'sk-bench-0123456789abcdef'
const INTEGRATION_ID = 'integration-bench'
const QUESTION = 'How do I get started?'
const MESSAGES = `[{ role: 'user', content: ${JSON.stringify(QUESTION)} }]`

// Each child prints the name of the first event it read, then exits at once: what follows the first
// event is not part of a cold start.
const PRINT_AND_EXIT = 'process.stdout.write(`${name}\\n`); process.exit(0)'

/** One kind of child: an ES module given to `node -e`, reading the server's URL from `MOCK_URL`. */
interface Start {
  name: string
  code: string
}

/** An empty process, for reference: what Node itself takes to start and print. */
const BARE_NODE: Start = { name: 'bare node', code: `const name = 'none'; ${PRINT_AND_EXIT}` }

/** What any client must at least do: Node's fetch, then eventsource-parser and JSON.parse until the first event. */
const BARE_FETCH: Start = {
  name: 'bare fetch + createParser',
  code: `import { createParser } from 'eventsource-parser'
const response = await fetch(process.env.MOCK_URL + '/v0/chat_sessions/chat_results', {
  method: 'POST',
  headers: { authorization: 'Bearer ${API_KEY}', 'content-type': 'application/json', accept: 'text/event-stream' },
  body: JSON.stringify({ integration_id: '${INTEGRATION_ID}', chat_session: { messages: ${MESSAGES} }, stream: true }),
})
const reader = response.body.getReader()
const decoder = new TextDecoder()
let first
const parser = createParser({ onEvent: (message) => (first ??= { name: message.event, data: JSON.parse(message.data) }) })
while (first === undefined) {
  const { done, value } = await reader.read()
  if (done) break
  parser.feed(decoder.decode(value, { stream: true }))
}
const name = first?.name
${PRINT_AND_EXIT}`,
}

/**
 * This package, bundled from `lib/` as `bundleChatApi` writes it: `npm run bench` builds no `dist/`,
 * which may hold older code, and the rest of the benchmark bundles `lib/` the same way.
 */
const chatApiStart = (moduleUrl: string): Start => ({
  name: 'chat-api',
  code: `import { createChatSession } from '${moduleUrl}'
const events = createChatSession({ apiKey: '${API_KEY}', baseURL: process.env.MOCK_URL }, { integrationId: '${INTEGRATION_ID}', chatSession: { messages: ${MESSAGES} } })
const { value } = await events.next()
const name = value?.event
${PRINT_AND_EXIT}`,
})

/** The generated SDK, from its published build, streaming. */
const GENERATED_SDK: Start = {
  name: 'generated SDK',
  code: `import { InkeepAI } from '@inkeep/ai-api'
const sdk = new InkeepAI({ apiKey: '${API_KEY}', serverURL: process.env.MOCK_URL })
const result = await sdk.chatSession.create({ integrationId: '${INTEGRATION_ID}', chatSession: { messages: ${MESSAGES} }, stream: true })
let name
for await (const item of result.chatResultStream) {
  name = item.event
  break
}
${PRINT_AND_EXIT}`,
}

/** Milliseconds of each run of each kind of child: from before `spawn` until its first line reached this process. */
export interface ColdStartTimes {
  bareNode: number[]
  bareFetch: number[]
  chatApi: number[]
  sdk: number[]
}

/** Runs one child to its end; resolves with its time once it exited, so that no two children overlap. */
function timeChild(start: Start, cwd: string, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, ['--input-type=module', '-e', start.code], {
      cwd,
      env: { ...process.env, MOCK_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let printedAt: number | undefined
    let output = ''
    let errors = ''
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      if (printedAt === undefined && text.includes('\n')) printedAt = performance.now()
      output += text
    })
    child.stderr.setEncoding('utf8').on('data', (text: string) => (errors += text))
    child.on('error', reject)
    child.on('close', (code) => {
      const name = output.trim()
      const expected = start === BARE_NODE ? 'none' : 'message_chunk'
      if (code !== 0 || printedAt === undefined || name !== expected) {
        return reject(new Error(`${start.name}: exit ${code}, printed ${JSON.stringify(output)}, expected "${expected}"\n${errors}`))
      }
      resolve(printedAt - started)
    })
  })
}

/**
 * Bundles `lib/index.ts` into one ES module beside the benchmark's own bundle, as the npm script
 * bundles the benchmark (dependencies left in `node_modules`), and returns its URL. The built
 * `dist/` holds the same code in a few files and loads the same dependencies (test/bench/README.md
 * compares the two).
 */
async function bundleChatApi(cwd: string): Promise<string> {
  // Imported here, not at the top: loading esbuild in the benchmark's process changed what the heap rows measure.
  const { build } = await import('esbuild')
  const outfile = join(cwd, 'node_modules', '.cache', 'bench', 'chat-api.mjs')
  await build({ entryPoints: [join(cwd, 'lib', 'index.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'warning' })
  return pathToFileURL(outfile).href
}

/**
 * Starts `runs` fresh processes of each kind, rotating which goes first round by round, after one
 * untimed round that fills the file cache. `cwd` is the package's directory.
 */
export async function measureColdStart(runs = 15, cwd = process.cwd()): Promise<ColdStartTimes> {
  const chatApi = chatApiStart(await bundleChatApi(cwd))
  const starts = [BARE_NODE, BARE_FETCH, chatApi, GENERATED_SDK]
  const server = await serveMockInkeep()
  const times = new Map(starts.map((start) => [start, [] as number[]]))
  try {
    for (let round = -1; round < runs; round++) {
      const shift = (round + 1) % starts.length
      for (const start of [...starts.slice(shift), ...starts.slice(0, shift)]) {
        const elapsed = await timeChild(start, cwd, server.url)
        if (round >= 0) times.get(start)!.push(elapsed)
      }
    }
  } finally {
    await server.close()
  }
  return { bareNode: times.get(BARE_NODE)!, bareFetch: times.get(BARE_FETCH)!, chatApi: times.get(chatApi)!, sdk: times.get(GENERATED_SDK)! }
}

/** `376 ms, 352–410`: the median, then the fastest and the slowest run. */
export const formatColdStart = (runs: number[]): string => `${median(runs).toFixed(0)} ms, ${Math.min(...runs).toFixed(0)}–${Math.max(...runs).toFixed(0)}`
