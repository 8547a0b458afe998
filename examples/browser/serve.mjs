// Serves the browser example on 127.0.0.1: the page, and /chat (POST, or GET for an EventSource),
// which asks Inkeep with the key held here and streams the answer back with toEventStreamResponse;
// the page never sees the key.
// Run: node examples/browser/serve.mjs, then open the URL it prints. Without INKEEP_API_KEY and
// INKEEP_INTEGRATION_ID it starts the mock Inkeep server and asks that instead. CHAT_SESSION_SECRET
// (at least 32 characters) signs the session ids handed to the page; without it, each run makes one.
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { continueChatSession, createChatSession, toEventStreamResponse, verifyChatSessionId } from '@inkeep/chat-api'
import { serveMockInkeep } from '@inkeep/chat-api/testing/node'
import { build } from 'esbuild'

const here = import.meta.dirname
const { outputFiles } = await build({ entryPoints: [join(here, 'main.mjs')], bundle: true, format: 'esm', platform: 'browser', write: false })
const mock = process.env.INKEEP_API_KEY && process.env.INKEEP_INTEGRATION_ID ? undefined : await serveMockInkeep({ answer: { delayMs: 30 } })
const config = mock ? { apiKey: 'demo-key', baseURL: mock.url } : { apiKey: process.env.INKEEP_API_KEY }
const integrationId = process.env.INKEEP_INTEGRATION_ID ?? 'demo-integration'
const sessionSecret = process.env.CHAT_SESSION_SECRET ?? randomBytes(32).toString('hex')

/** A POSTed JSON body, or the query of a GET: all an EventSource can send. */
async function questionOf(request) {
  if (request.method === 'GET') return Object.fromEntries(new URL(request.url, 'http://127.0.0.1').searchParams)
  const chunks = []
  for await (const chunk of request) chunks.push(chunk)
  return JSON.parse(Buffer.concat(chunks).toString() || '{}')
}

async function chat(request, response) {
  const { question, chatSessionId, chatSessionSignature } = await questionOf(request)
  if (typeof question !== 'string' || !question) return void response.writeHead(400).end('POST { question, chatSessionId? } or GET ?question=')
  // Whoever holds a session id can continue it and read it back: continue only ids this server signed.
  if (chatSessionId && !(await verifyChatSessionId(sessionSecret, chatSessionId, chatSessionSignature))) return void response.writeHead(403).end('Unknown chat session')
  // Aborted when the browser goes away, which ends the call to Inkeep even while it waits for bytes.
  const controller = new AbortController()
  response.on('close', () => controller.abort())
  const message = { role: 'user', content: question }
  const options = { signal: controller.signal }
  const events = chatSessionId
    ? continueChatSession(config, { chatSessionId, integrationId, message }, options)
    : createChatSession(config, { integrationId, chatSession: { messages: [message] } }, options)
  // Errors reach the page as their type and a generic sentence; the details stay in this server.
  const answer = toEventStreamResponse(events, { heartbeatMs: 15_000, sessionSecret })
  response.writeHead(answer.status, Object.fromEntries(answer.headers))
  // pipeline() cancels the answer's stream when the connection closes early.
  await pipeline(Readable.fromWeb(answer.body), response).catch(() => {})
}

const files = {
  '/': ['text/html; charset=utf-8', await readFile(join(here, 'index.html'))],
  '/main.bundle.mjs': ['text/javascript; charset=utf-8', outputFiles[0].contents],
  '/event-source.mjs': ['text/javascript; charset=utf-8', await readFile(join(here, 'event-source.mjs'))],
}
const server = createServer((request, response) => {
  const path = new URL(request.url, 'http://127.0.0.1').pathname
  if (path === '/chat' && (request.method === 'POST' || request.method === 'GET')) return void chat(request, response).catch(() => response.destroy())
  const file = files[path]
  if (!file) return void response.writeHead(404).end('Not found')
  response.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' }).end(file[1])
})
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`Open http://127.0.0.1:${server.address().port}/ (answers from ${mock ? `the mock at ${mock.url}` : 'the real API'}); Ctrl+C to stop.`)
})
