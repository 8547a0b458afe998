import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { build } from 'esbuild'
import { afterEach, describe, expect, it } from 'vitest'
import { collectChatResult, createChatSession } from '../../lib/index'
import { readMockRequests } from '../../lib/testing/index'
import type { MockInkeepServer } from '../../lib/testing/node'
import { createInput, startMockServer, TEST_KEY } from '../helpers/server'

/** Sends a streamed create request over a raw socket that reads nothing of the answer. */
async function requestWithoutReading(server: MockInkeepServer): Promise<Socket> {
  const { hostname, port } = new URL(server.url)
  const body = JSON.stringify({ integration_id: 'integration-1', chat_session: { messages: createInput().chatSession.messages }, stream: true })
  const socket = connect(Number(port), hostname)
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
  socket.pause()
  socket.write(
    'POST /v0/chat_sessions/chat_results HTTP/1.1\r\n' +
      `host: ${hostname}:${port}\r\nauthorization: Bearer ${TEST_KEY}\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
  return socket
}

describe('serveMockInkeep', () => {
  it('finishes the handler of a streamed answer whose client went away while a write was pending', async () => {
    let pulled = 0
    const piece = 'x'.repeat(64 * 1024)
    // Endless, so that a client reading nothing fills the socket buffers and the server's write waits.
    const body = function* () {
      for (;;) {
        pulled++
        yield piece
      }
    }
    const server = await startMockServer({ fault: { type: 'raw', body } })
    const socket = await requestWithoutReading(server)

    // The server stops pulling once a write waits on the full socket: the count stays put for 10 polls.
    let last = -1
    let steadyPolls = 0
    await expect
      .poll(() => {
        steadyPolls = pulled > 0 && pulled === last ? steadyPolls + 1 : 0
        last = pulled
        return steadyPolls >= 10
      }, { timeout: 10_000, interval: 20 })
      .toBe(true)
    expect(server.activeRequests).toBe(1)

    socket.destroy()
    await expect.poll(() => server.activeRequests, { timeout: 5000, interval: 20 }).toBe(0)
    expect(await server.mock.requests[0]!.stream!.ended).toBe('cancelled')
    await expect.poll(() => server.openConnections, { timeout: 5000, interval: 20 }).toBe(0)
  })

  it('allows the headers a CORS preflight asks for', async () => {
    const server = await startMockServer()
    const response = await fetch(`${server.url}/v0/chat_sessions/chat_results`, {
      method: 'OPTIONS',
      headers: { origin: 'http://page.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'traceparent, x-request-id' },
    })
    expect(response.status).toBe(204)
    const allowed = response.headers.get('access-control-allow-headers')!.split(',').map((name) => name.trim())
    expect(allowed).toEqual(expect.arrayContaining(['traceparent', 'x-request-id']))
  })
})

describe('a mock served by another process', () => {
  const children: ChildProcess[] = []
  const folders: string[] = []
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill()
        await once(child, 'exit')
      }
    }
    await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })))
  })

  /** Runs `serveMockInkeep(options)` in a child node, bundled from lib/ by esbuild; resolves to its URL. */
  async function serveInChild(options: object): Promise<string> {
    const source = `import { serveMockInkeep } from './lib/testing/node'\n` +
      `const server = await serveMockInkeep(${JSON.stringify(options)})\nconsole.log(server.url)\n`
    const bundle = await build({
      stdin: { contents: source, resolveDir: join(import.meta.dirname, '..', '..'), loader: 'ts' },
      bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'silent',
    })
    const folder = await mkdtemp(join(tmpdir(), 'mock-server-'))
    folders.push(folder)
    const script = join(folder, 'serve.mjs')
    await writeFile(script, bundle.outputFiles[0]!.text)
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] })
    children.push(child)
    const exited = once(child, 'exit').then(([code]) => Promise.reject(new Error(`the mock's process exited ${code}`)))
    const [line] = await Promise.race([once(createInterface({ input: child.stdout! }), 'line'), exited])
    return line as string
  }

  it('tells a test in this process which requests it got, with readMockRequests', async () => {
    const url = await serveInChild({ apiKey: TEST_KEY, answer: { text: 'From the other process.', chunkSize: 6 } })
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const result = await collectChatResult(createChatSession({ apiKey: TEST_KEY, baseURL: url }, createInput('Who answers?')))
    expect(result.ok && result.value.message.content).toBe('From the other process.')

    const requests = await readMockRequests(url)
    expect(requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/v0/chat_sessions/chat_results',
        status: 200,
        body: expect.objectContaining({ chat_session: { messages: [{ role: 'user', content: 'Who answers?' }] }, stream: true }),
        stream: expect.objectContaining({ end: 'completed' }),
      }),
    ])
    expect(requests[0]!.stream!.sentEvents).toBe(requests[0]!.stream!.totalEvents)
    expect(requests[0]!.headers.authorization).toBe('Bearer [redacted]')
    expect(JSON.stringify(requests)).not.toContain(TEST_KEY)
    // Reading the log is not a request of its own; an unknown path is still the API's 404.
    expect((await fetch(`${url}/__mock/unknown`, { headers: { authorization: `Bearer ${TEST_KEY}` } })).status).toBe(404)
    expect((await readMockRequests(url)).map((request) => `${request.path} ${request.status}`)).toEqual([
      '/v0/chat_sessions/chat_results 200',
      '/__mock/unknown 404',
    ])
  })
})
