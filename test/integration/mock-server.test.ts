import { connect, type Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
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
