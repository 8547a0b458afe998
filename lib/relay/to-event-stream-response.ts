import { toEventStream } from './to-event-stream'
import type { ChatEvent, EventStreamResponseInit } from '../types'

/**
 * Headers of an SSE response: `no-transform` keeps proxies from compressing (and so buffering) it,
 * and `x-accel-buffering: no` asks nginx not to buffer it.
 */
const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
}

/**
 * Returns a `Response` whose body is `toEventStream(events, { heartbeatMs, onError, sessionSecret })`, with the SSE headers,
 * and `init`'s status and headers merged over them (CORS headers, for example). Invalid `init`
 * throws as `new Response()` would; everything else ends the stream with an `error` event.
 *
 * @example
 * ```ts
 * export async function POST(request: Request): Promise<Response> {
 *   const { question } = await request.json()
 *   const input = { integrationId: 'integration', chatSession: { messages: [{ role: 'user' as const, content: question }] } }
 *   return toEventStreamResponse(createChatSession({ apiKey: 'key' }, input), { heartbeatMs: 15_000 })
 * }
 * ```
 */
export function toEventStreamResponse(events: AsyncIterable<ChatEvent>, init: EventStreamResponseInit = {}): Response {
  const { heartbeatMs, onError, sessionSecret, headers: extra, ...responseInit } = init
  const headers = new Headers(SSE_HEADERS)
  new Headers(extra).forEach((value, name) => headers.set(name, value))
  return new Response(toEventStream(events, { heartbeatMs, onError, sessionSecret }), { ...responseInit, headers })
}
