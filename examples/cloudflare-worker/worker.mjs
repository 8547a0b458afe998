// A Cloudflare Worker (module syntax) that answers a browser's chat request through Inkeep and
// streams the answer back as SSE, so the API key stays a Worker secret and never reaches the page.
//   POST / with JSON { question, chatSessionId?, chatSessionSignature? } → text/event-stream: one SSE
//   message per ChatEvent, which the page reads with readChatEvents (see examples/browser).
// Environment: INKEEP_API_KEY and CHAT_SESSION_SECRET (secrets; the second at least 32 characters),
// INKEEP_INTEGRATION_ID, and optionally INKEEP_BASE_URL (such as a local mock server) and HEARTBEAT_MS
// (default 15000). Run with `npx wrangler dev` (Node 22+) from this folder.
import { continueChatSession, createChatSession, toEventStreamResponse, verifyChatSessionId } from '@inkeep/chat-api'

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
}

function askInkeep(env, { question, chatSessionId }) {
  const config = { apiKey: env.INKEEP_API_KEY, ...(env.INKEEP_BASE_URL && { baseURL: env.INKEEP_BASE_URL }) }
  const integrationId = env.INKEEP_INTEGRATION_ID
  const message = { role: 'user', content: question }
  return chatSessionId
    ? continueChatSession(config, { chatSessionId, integrationId, message })
    : createChatSession(config, { integrationId, chatSession: { messages: [message] } })
}

export default {
  async fetch(request, env) {
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: CORS })
    const body = request.method === 'POST' ? await request.json().catch(() => null) : null
    if (typeof body?.question !== 'string' || body.question === '') {
      return Response.json({ error: 'POST a JSON body { question, chatSessionId?, chatSessionSignature? }' }, { status: 400, headers: CORS })
    }
    // Whoever holds a session id can continue it and read it back: continue only ids this Worker signed.
    if (body.chatSessionId !== undefined && !(await verifyChatSessionId(env.CHAT_SESSION_SECRET, body.chatSessionId, body.chatSessionSignature))) {
      return Response.json({ error: 'Unknown chat session' }, { status: 403, headers: CORS })
    }
    // When the browser goes away, workerd cancels the response body, which ends the call to Inkeep,
    // and the Worker's pending fetches. It notices at its next write: heartbeats bound that wait.
    const events = askInkeep(env, body)
    const heartbeatMs = Number(env.HEARTBEAT_MS) || 15_000
    return toEventStreamResponse(events, { headers: CORS, heartbeatMs, sessionSecret: env.CHAT_SESSION_SECRET })
  },
}
