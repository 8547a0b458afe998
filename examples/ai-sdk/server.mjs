// A chat route for the Vercel AI SDK's `useChat`, on plain node:http: POST /api/chat answers the
// last user message as a UI message stream, continuing the Inkeep chat session of the conversation.
// Uses the mock Inkeep server on a free loopback port, or the real API when INKEEP_API_KEY and
// INKEEP_INTEGRATION_ID are set. Run: node examples/ai-sdk/server.mjs (PORT=3000 by default), then
// node examples/ai-sdk/client.mjs in a second terminal. CHAT_SESSION_SECRET (32 characters or more)
// signs the session ids handed to the client; without it, each run makes one.
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { chatFromUIMessages, toUIMessageStreamResponse } from '@inkeep/chat-api/ai-sdk'
import { serveMockInkeep } from '@inkeep/chat-api/testing/node'

const useRealApi = Boolean(process.env.INKEEP_API_KEY && process.env.INKEEP_INTEGRATION_ID)
const mock = useRealApi ? undefined : await serveMockInkeep({ answer: { delayMs: 15 } })
const config = useRealApi ? { apiKey: process.env.INKEEP_API_KEY } : { apiKey: 'demo-key', baseURL: mock.url }
const integrationId = process.env.INKEEP_INTEGRATION_ID ?? 'demo-integration'
const sessionSecret = process.env.CHAT_SESSION_SECRET ?? randomBytes(32).toString('hex')

/** The route itself, as a Next.js `app/api/chat/route.ts` would write it: a Request in, a Response out. */
async function POST(request) {
  const { messages } = await request.json()
  // The session id goes to the client signed, and only a signed one is continued: a client can't
  // continue another user's session by naming its id.
  const events = chatFromUIMessages(config, { integrationId, messages }, { signal: request.signal, sessionSecret })
  return toUIMessageStreamResponse(events, { sessionSecret })
}

const server = createServer(async (req, res) => {
  if (req.method !== 'POST' || req.url !== '/api/chat') return void res.writeHead(404).end('Not found')
  // The request's signal aborts when the page goes away, which cancels the Inkeep request.
  const aborter = new AbortController()
  res.on('close', () => aborter.abort())
  const request = new Request(`http://${req.headers.host}${req.url}`, { method: 'POST', body: Readable.toWeb(req), duplex: 'half', signal: aborter.signal })
  const response = await POST(request).catch(() => new Response('Bad request', { status: 400 }))
  res.writeHead(response.status, Object.fromEntries(response.headers))
  // pipeline destroys the body when the socket closes, which cancels the stream and the Inkeep request.
  await pipeline(Readable.fromWeb(response.body), res).catch(() => {})
})

server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`Chat route at http://127.0.0.1:${server.address().port}/api/chat (the ${useRealApi ? 'real API' : `mock at ${mock.url}`}); Ctrl+C to stop.`)
})
process.on('SIGTERM', () => server.close(() => mock?.close().then(() => process.exit(0))))
