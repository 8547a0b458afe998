// A Next.js App Router route handler (app/api/completion/route.ts) for the AI SDK's `useChat` on
// Inkeep's v1 API: sends the page's whole history, as v1 keeps no sessions, and streams the answer to
// app/page.tsx (opened as /?api=completion) as a UI message stream.
//   POST /api/completion with useChat's JSON { messages } → the answer's text, links, confidence and
//   the records it considered
// Environment: INKEEP_API_KEY, and optionally INKEEP_BASE_URL (a mock server).
// Run: in a Next.js app where `npm install @inkeep/chat-api ai @ai-sdk/react` was run, with
// app/api/inkeep-config.ts, with `next dev`.
import { completionFromUIMessages, toUIMessageStreamResponse, type UIMessageLike } from '@inkeep/chat-api/ai-sdk'
import { inkeepConfig } from '../inkeep-config'

export async function POST(request: Request): Promise<Response> {
  // Per request: `next build` loads every route, often without the server's secrets.
  const config = inkeepConfig()
  const { messages } = (await request.json()) as { messages: UIMessageLike[] }
  // builtInTools: true adds the records considered, which the page shows while the answer streams, to
  // the default links and confidence. request.signal aborts when the page stops or goes away, which
  // cancels the Inkeep request.
  const events = completionFromUIMessages(config, { model: 'inkeep-qa-expert', messages, builtInTools: true }, { signal: request.signal })
  return toUIMessageStreamResponse(events)
}
