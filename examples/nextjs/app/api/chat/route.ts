// A Next.js App Router route handler (app/api/chat/route.ts) that asks Inkeep with the key held on
// the server and streams the answer to the page as SSE; the page reads it with readChatEvents.
//   POST /api/chat with JSON { question, chatSessionId? } → text/event-stream, one message per ChatEvent
// Environment: INKEEP_API_KEY, INKEEP_INTEGRATION_ID, and optionally INKEEP_BASE_URL (a mock server).
// Run: in a Next.js app where `npm install @inkeep/chat-api` was run, as app/api/chat/route.ts, with `next dev`.
import { continueChatSession, createChatSession, toEventStreamResponse } from '@inkeep/chat-api'

export async function POST(request: Request): Promise<Response> {
  const body = await request.json().catch(() => null)
  const { question, chatSessionId } = (body ?? {}) as { question?: unknown; chatSessionId?: unknown }
  if (typeof question !== 'string' || question === '') {
    return Response.json({ error: 'POST a JSON body { question, chatSessionId? }' }, { status: 400 })
  }
  const config = { apiKey: process.env.INKEEP_API_KEY ?? '', baseURL: process.env.INKEEP_BASE_URL || undefined }
  const integrationId = process.env.INKEEP_INTEGRATION_ID ?? ''
  const message = { role: 'user' as const, content: question }
  // request.signal aborts when the browser goes away; cancelling the response body ends the call too.
  const options = { signal: request.signal }
  const events =
    typeof chatSessionId === 'string'
      ? continueChatSession(config, { chatSessionId, integrationId, message }, options)
      : createChatSession(config, { integrationId, chatSession: { messages: [message] } }, options)
  return toEventStreamResponse(events, { heartbeatMs: 15_000 })
}
