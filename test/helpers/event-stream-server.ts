import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createChatSession, toEventStreamResponse, type ChatEvent } from '../../lib/index'
import { createInput, TEST_KEY } from './client'

export interface ProxyOptions {
  /** Also abort the upstream call when the response closes, as the Node recipe does. */
  abortOnClose?: boolean
  heartbeatMs?: number
  /** Replaces the chat call, such as with a source of the test's own. */
  source?: () => AsyncIterable<ChatEvent>
}

/**
 * Starts a node:http server on 127.0.0.1 that answers every request with `toEventStreamResponse`
 * over `createChatSession` against `upstreamURL`, streamed with `pipeline`, as the README's Node
 * recipe does. Returns its URL and a close function.
 */
export async function startProxy(upstreamURL: string, options: ProxyOptions = {}): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const controller = new AbortController()
    if (options.abortOnClose) res.on('close', () => controller.abort())
    const events = options.source?.() ?? createChatSession({ apiKey: TEST_KEY, baseURL: upstreamURL }, createInput(), { signal: controller.signal })
    const response = toEventStreamResponse(events, { heartbeatMs: options.heartbeatMs })
    res.writeHead(response.status, Object.fromEntries(response.headers))
    pipeline(Readable.fromWeb(response.body! as import('node:stream/web').ReadableStream), res).catch(() => {})
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

