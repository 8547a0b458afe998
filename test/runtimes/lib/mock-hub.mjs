// A small HTTP control server that lets a runtime which cannot listen on a socket (a worker, a
// page) still test against the package's own loopback mock server: it starts one
// `serveMockInkeep` per scenario and reports what that server saw.
import { createServer } from 'node:http'
import { serveMockInkeep } from '@inkeep/chat-api/testing/node'

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-allow-headers': 'content-type',
}
const STREAM_END_WAIT_MS = 5000

// A browser sends a CORS preflight before a request; scenarios count the requests the client made.
const clientRequests = (server) => server.mock.requests.filter((request) => request.method !== 'OPTIONS')

const toRecord = ({ method, path, status, body, stream }) => ({
  method,
  path,
  status,
  body,
  stream: stream && { sentEvents: stream.sentEvents, totalEvents: stream.totalEvents },
})

async function readJson(req) {
  let text = ''
  for await (const chunk of req) text += chunk
  return text ? JSON.parse(text) : {}
}

/**
 * Serves the hub on 127.0.0.1: `POST /mocks` (mock options) → `{ id, url }`, `GET /mocks/:id/requests`,
 * `GET /mocks/:id/requests/:index/end` (waits for how that stream ended); CORS preflights are left out, `DELETE /mocks/:id`.
 */
export async function startMockHub() {
  const mocks = new Map()
  let nextId = 1
  const routes = [
    ['POST', /^\/mocks$/, async (req) => {
      const id = String(nextId++)
      const server = await serveMockInkeep(await readJson(req))
      mocks.set(id, server)
      return { id, url: server.url }
    }],
    ['GET', /^\/mocks\/(\d+)\/requests$/, (req, server) => clientRequests(server).map(toRecord)],
    ['GET', /^\/mocks\/(\d+)\/requests\/(\d+)\/end$/, (req, server, index) => {
      const stream = clientRequests(server)[Number(index)]?.stream
      if (!stream) return 'not streamed'
      return Promise.race([stream.ended, new Promise((resolve) => setTimeout(resolve, STREAM_END_WAIT_MS, 'still streaming'))])
    }],
    ['DELETE', /^\/mocks\/(\d+)$/, async (req, server, _, id) => {
      mocks.delete(id)
      await server.close()
      return 'closed'
    }],
  ]
  const hub = createServer(async (req, res) => {
    if (req.method === 'OPTIONS') return void res.writeHead(204, CORS).end()
    try {
      for (const [method, pattern, handle] of routes) {
        const match = req.method === method && pattern.exec(req.url)
        if (!match) continue
        const server = match[1] && mocks.get(match[1])
        if (match[1] && !server) break
        const body = JSON.stringify(await handle(req, server, match[2], match[1]))
        return void res.writeHead(200, { ...CORS, 'content-type': 'application/json' }).end(body)
      }
      res.writeHead(404, CORS).end('no such route or mock')
    } catch (error) {
      res.writeHead(500, CORS).end(String(error?.stack ?? error))
    }
  })
  await new Promise((resolve) => hub.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${hub.address().port}`,
    async close() {
      await Promise.all([...mocks.values()].map((server) => server.close()))
      hub.closeAllConnections()
      await new Promise((resolve) => hub.close(resolve))
    },
  }
}
