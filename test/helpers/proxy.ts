import { createServer, request as forward } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { TestContext } from 'vitest'

export interface LoopbackProxy {
  /** Such as `http://127.0.0.1:43122`, for undici's `ProxyAgent`. */
  url: string
  /** `METHOD absolute-URL` of each request it forwarded, oldest first. */
  readonly forwarded: readonly string[]
}

/**
 * Starts a forward HTTP proxy on 127.0.0.1 for plain-http loopback targets: it takes absolute-form
 * requests (`POST http://127.0.0.1:1234/path`, what undici's `ProxyAgent` sends with
 * `proxyTunnel: false`), records and forwards each, and streams the answer back. It is closed when
 * the test of `context` finishes.
 */
export async function serveProxy(context: Pick<TestContext, 'onTestFinished'>): Promise<LoopbackProxy> {
  const forwarded: string[] = []
  const sockets = new Set<Socket>()
  const server = createServer((request, response) => {
    const target = URL.canParse(request.url ?? '') ? new URL(request.url!) : undefined
    if (target?.protocol !== 'http:' || target.hostname !== '127.0.0.1') return void response.writeHead(403).end()
    forwarded.push(`${request.method} ${target.href}`)
    const upstream = forward(target, { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(response)
    })
    upstream.on('error', () => response.destroy())
    response.on('close', () => upstream.destroy())
    request.pipe(upstream)
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  context.onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  )
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, forwarded }
}
