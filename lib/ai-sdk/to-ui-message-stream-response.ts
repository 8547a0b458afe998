import type { ChatEvent } from '../types'
import { toUIMessageStream } from './to-ui-message-stream'
import type { UIMessageStreamResponseInit } from './types'

/**
 * The headers the AI SDK's own server sends with a UI message stream, and two that keep proxies from
 * holding it back until it ends: `no-transform` (no compression, which buffers) and `x-accel-buffering: no` (nginx).
 */
const UI_MESSAGE_STREAM_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-vercel-ai-ui-message-stream': 'v1',
  'x-accel-buffering': 'no',
}

/**
 * Returns a `Response` whose body is `toUIMessageStream(events, { messageId, sessionSecret, onError })`, with the UI message stream headers
 * merged under `init.headers` (case-insensitively). Nothing is read from `events` before the client
 * reads the body; an error arrives as an `error` part in a 200 answer, as with the AI SDK's own server.
 *
 * @example
 * ```ts
 * // app/api/chat/route.ts (Next.js)
 * export async function POST(req: Request): Promise<Response> {
 *   const { messages } = await req.json()
 *   return toUIMessageStreamResponse(chatFromUIMessages(config, { integrationId, messages }, { signal: req.signal }))
 * }
 * ```
 */
export function toUIMessageStreamResponse(events: AsyncIterable<ChatEvent>, init: UIMessageStreamResponseInit = {}): Response {
  const { messageId, sessionSecret, onError, headers, ...responseInit } = init
  const merged = new Headers(UI_MESSAGE_STREAM_HEADERS)
  new Headers(headers).forEach((value, name) => merged.set(name, value))
  return new Response(toUIMessageStream(events, { messageId, sessionSecret, onError }), { ...responseInit, headers: merged })
}
