// A Next.js App Router route handler (app/api/chat/route.ts) that asks Inkeep with the key held on
// the server and streams the answer to the page as SSE; the page reads it with readChatEvents.
//   POST /api/chat with JSON { question, chatSessionId?, chatSessionSignature? } → text/event-stream,
//   one message per ChatEvent; the page posts back the session id and signature of the last answer.
// Environment: INKEEP_API_KEY, INKEEP_INTEGRATION_ID, CHAT_SESSION_SECRET (32 characters or more),
// and optionally INKEEP_BASE_URL (a mock server).
// Run: in a Next.js app where `npm install @inkeep/chat-api` was run, as app/api/chat/route.ts beside
// app/api/inkeep-config.ts, with `next dev`.
import { continueChatSession, createChatSession, toEventStreamResponse, verifyChatSessionId } from '@inkeep/chat-api'
import { inkeepConfig, requiredEnv } from '../inkeep-config'

export async function POST(request: Request): Promise<Response> {
  // Per request: `next build` loads every route, often without the server's secrets.
  const config = inkeepConfig()
  const integrationId = requiredEnv('INKEEP_INTEGRATION_ID')
  const sessionSecret = requiredEnv('CHAT_SESSION_SECRET')
  const body = await request.json().catch(() => null)
  const { question, chatSessionId, chatSessionSignature } = (body ?? {}) as { question?: unknown; chatSessionId?: unknown; chatSessionSignature?: unknown }
  if (typeof question !== 'string' || question === '') {
    return Response.json({ error: 'POST a JSON body { question, chatSessionId?, chatSessionSignature? }' }, { status: 400 })
  }
  // Whoever holds a session id can continue it and read it back: continue only ids this server signed.
  if (chatSessionId !== undefined && !(await verifyChatSessionId(sessionSecret, chatSessionId, chatSessionSignature))) {
    return Response.json({ error: 'Unknown chat session' }, { status: 403 })
  }
  const message = { role: 'user' as const, content: question }
  // request.signal aborts when the browser goes away; cancelling the response body ends the call too.
  const options = { signal: request.signal }
  const events =
    typeof chatSessionId === 'string'
      ? continueChatSession(config, { chatSessionId, integrationId, message }, options)
      : createChatSession(config, { integrationId, chatSession: { messages: [message] } }, options)
  return toEventStreamResponse(events, { heartbeatMs: 15_000, sessionSecret })
}
