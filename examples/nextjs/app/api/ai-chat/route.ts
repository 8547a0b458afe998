// A Next.js App Router route handler (app/api/ai-chat/route.ts) for the AI SDK's `useChat`: asks
// Inkeep with the key held on the server and streams the answer to app/page.tsx as a UI message stream.
//   POST /api/ai-chat with useChat's JSON { messages } → the answer's text, sources and chat session id
// Environment: INKEEP_API_KEY, INKEEP_INTEGRATION_ID, CHAT_SESSION_SECRET (32 characters or more, such
// as the output of `openssl rand -hex 32`), and optionally INKEEP_BASE_URL (a mock server).
// Run: in a Next.js app where `npm install @inkeep/chat-api ai @ai-sdk/react` was run, with
// app/api/inkeep-config.ts, with `next dev`.
import { chatFromUIMessages, toUIMessageStreamResponse, type UIMessageLike } from '@inkeep/chat-api/ai-sdk'
import { inkeepConfig, requiredEnv } from '../inkeep-config'

export async function POST(request: Request): Promise<Response> {
  // Per request: `next build` loads every route, often without the server's secrets.
  const config = inkeepConfig()
  const integrationId = requiredEnv('INKEEP_INTEGRATION_ID')
  // Signs the chat session id that each answer hands the page, and checks it when the page posts it
  // back, so a browser can only continue sessions this server started, never another user's.
  const sessionSecret = requiredEnv('CHAT_SESSION_SECRET')
  const { messages } = (await request.json()) as { messages: UIMessageLike[] }
  // request.signal aborts when the page stops or goes away, which cancels the Inkeep request.
  const events = chatFromUIMessages(config, { integrationId, messages }, { signal: request.signal, sessionSecret })
  return toUIMessageStreamResponse(events, { sessionSecret })
}
