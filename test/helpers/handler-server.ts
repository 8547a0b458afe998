import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach } from 'vitest'

/** A route handler as Next.js, Hono or a Worker has one: a `Request` in, a `Response` out. */
export type Handler = (request: Request) => Response | Promise<Response>

export interface HandlerServer {
  url: string
  /** Resolves when the body of the `index`-th response ended: `finished`, or `closed` when the client went away first. */
  bodyEnd(index: number): Promise<'finished' | 'closed'>
}

const running: Array<() => Promise<void>> = []

afterEach(async () => {
  await Promise.all(running.splice(0).map((close) => close()))
})

/**
 * Serves `handler` on 127.0.0.1 the way a framework does: `request.signal` aborts when the client goes
 * away, and the response body is read only as fast as the socket takes it, and cancelled on a close.
 */
export async function serveHandler(handler: Handler): Promise<HandlerServer> {
  const ends: Array<Promise<'finished' | 'closed'>> = []
  const server = createServer((req, res) => ends.push(respond(handler, req, res)))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  running.push(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodyEnd: (index) => ends[index] ?? Promise.reject(new Error(`no request ${index}`)),
  }
}

async function respond(handler: Handler, req: IncomingMessage, res: ServerResponse): Promise<'finished' | 'closed'> {
  const aborter = new AbortController()
  res.on('close', () => aborter.abort())
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const request = new Request(`http://127.0.0.1${req.url}`, {
    method: req.method ?? 'GET',
    headers: Object.entries(req.headers).flatMap(([name, value]): Array<[string, string]> => (typeof value === 'string' ? [[name, value]] : [])),
    body: req.method === 'POST' ? Buffer.concat(chunks) : null,
    signal: aborter.signal,
  })
  const response = await handler(request)
  res.writeHead(response.status, Object.fromEntries(response.headers))
  res.flushHeaders()
  if (!response.body) {
    res.end()
    return 'finished'
  }
  const reader = response.body.getReader()
  // A write to a socket the client closed may never call back; the close ends the wait instead. One
  // listener for the whole body, however many chunks it has.
  let settleWrite: (() => void) | undefined
  aborter.signal.addEventListener('abort', () => {
    settleWrite?.()
    void reader.cancel().catch(() => {})
  }, { once: true })
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done || aborter.signal.aborted) break
      await new Promise<void>((resolve) => {
        settleWrite = resolve
        res.write(value, () => resolve())
      })
    }
  } catch {
    return 'closed'
  }
  res.end()
  return aborter.signal.aborted ? 'closed' : 'finished'
}
