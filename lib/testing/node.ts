import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { createMockInkeep, type MockInkeep, type MockInkeepOptions } from './index'

export interface ServeMockInkeepOptions extends MockInkeepOptions {
  /** @default 0 (a free port) */
  port?: number | undefined
  /** @default '127.0.0.1' */
  hostname?: string | undefined
}

export interface MockInkeepServer {
  /** Base URL to use as `config.baseURL`, such as `http://127.0.0.1:43121`. */
  url: string
  /** The handler behind the socket, with its record of requests; another process reads them with `readMockRequests(url)`. */
  mock: MockInkeep
  /** Connections currently open. */
  readonly openConnections: number
  /** Requests whose handler is still running: reading the request or writing the answer. */
  readonly activeRequests: number
  /** Closes every connection and stops listening. */
  close(): Promise<void>
}

/**
 * Serves `createMockInkeep(options)` on a real loopback socket; resolves once it listens. Its request
 * log is served too, at `${url}/__mock/requests`: a test whose mock runs in another process reads it
 * with `readMockRequests(url)` from `@inkeep/chat-api/testing`.
 */
export async function serveMockInkeep(options: ServeMockInkeepOptions = {}): Promise<MockInkeepServer> {
  const { port = 0, hostname = '127.0.0.1', ...mockOptions } = options
  const mock = createMockInkeep(mockOptions)
  const sockets = new Set<Socket>()
  const { fault } = mockOptions
  // A TCP reset rather than a close, when the drop fault asks for one: the client sees ECONNRESET.
  const breakConnection = (res: ServerResponse): void => {
    if (fault?.type === 'drop' && fault.reset && res.socket) res.socket.resetAndDestroy()
    else res.destroy()
  }
  let activeRequests = 0
  const server = createServer((req, res) => {
    activeRequests++
    serve(mock, req, res, breakConnection)
      .catch(() => breakConnection(res))
      .finally(() => activeRequests--)
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, hostname, resolve)
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: `http://${host}:${address.port}`,
    mock,
    get openConnections() {
      return sockets.size
    },
    get activeRequests() {
      return activeRequests
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** Bridges one Node request to the WHATWG handler and streams its response back. */
async function serve(mock: MockInkeep, req: IncomingMessage, res: ServerResponse, breakConnection: (res: ServerResponse) => void): Promise<void> {
  const aborter = new AbortController()
  // 'close' on the response before it finished means the client went away.
  res.on('close', () => aborter.abort())
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
    method: req.method ?? 'GET',
    headers,
    body: hasBody ? Buffer.concat(chunks) : null,
    signal: aborter.signal,
  })
  const response = await mock.fetch(request, { signal: aborter.signal })
  res.writeHead(response.status, Object.fromEntries(response.headers))
  res.flushHeaders()
  if (!response.body) return void res.end()
  const reader = response.body.getReader()
  // A write to a socket the client already closed may never call back (Node drops the callback
  // between the socket's destruction and the response's 'close'), so the close settles the write
  // waiting at that moment. One listener for the whole answer, however many chunks it has.
  let settleWrite: (() => void) | undefined
  const onGone = (): void => {
    settleWrite?.()
    reader.cancel().catch(() => {})
  }
  if (aborter.signal.aborted) return onGone()
  aborter.signal.addEventListener('abort', onGone, { once: true })
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (aborter.signal.aborted) return
      if (done) return void res.end()
      // Waiting for each write to be flushed means a drop fault below breaks the connection after
      // exactly the events sent so far: destroying a socket discards writes still queued.
      const failed = await new Promise<boolean>((resolve) => {
        settleWrite = () => resolve(true)
        res.write(value, (error) => resolve(error != null))
      })
      settleWrite = undefined
      if (failed || aborter.signal.aborted) return void reader.cancel().catch(() => {})
    }
  } catch {
    // The answer broke off (a drop fault): break the connection, as a failing server would.
    breakConnection(res)
  } finally {
    aborter.signal.removeEventListener('abort', onGone)
  }
}
