import type { MockAnswer, MockChatContext } from './answer'
import { createChatCompletionsRoute } from './chat-completions-route'
import { createChatSessionsRoute } from './chat-sessions-route'
import type { MockCompletion, MockCompletionContext } from './completion'
import { createEventStream, type StreamEnd } from './event-stream'
import { toStreamFault, type MockFault } from './faults'
import { CORS_HEADERS, json, preflight } from './http'
import { answerRequestLog, REQUESTS_PATH, type MockRequestRecord } from './request-log'
import type { MockRoute } from './route'

export type { MockAnswer, MockChatContext } from './answer'
export type { MockCompletion, MockCompletionContext, WireAIAnnotations, WireConsideredRecord, WireLink, WireRagDocument } from './completion'
export type { WireCompletionMessage, WireToolCall, WireToolDefinition } from './completions-wire'
export type { MockRawBody, StreamEnd, StreamProgress } from './event-stream'
export type { MockFault } from './faults'
export { readMockRequests, type MockRequestRecord, type MockRequestSnapshot } from './request-log'

export interface MockInkeepOptions {
  /** The only bearer key accepted; when unset, any non-empty key is. */
  apiKey?: string | undefined
  /** The v0 answer (`/v0/chat_sessions/…`), or a function of the request giving it. */
  answer?: MockAnswer | ((context: MockChatContext) => MockAnswer) | undefined
  /** The v1 answer (`POST /v1/chat/completions`), or a function of the request giving it. */
  completion?: MockCompletion | ((context: MockCompletionContext) => MockCompletion) | undefined
  /** Acts on every API route, v0 and v1 alike, in each one's spelling. */
  fault?: MockFault | undefined
}

export interface MockInkeep {
  /**
   * A WHATWG fetch handler: pass it as `config.fetch`, or serve it with `serveMockInkeep`. Besides the
   * API it answers `GET /__mock/requests` with `requests` as JSON (see `readMockRequests`).
   */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>
  /** Every request handled, oldest first; reads of `/__mock/requests` are not recorded. */
  readonly requests: readonly MockRequestRecord[]
}

/**
 * Returns an in-memory Inkeep API. v0: both chat-session endpoints, FastAPI-style 422 for bad bodies,
 * 404 for an unknown session, sessions kept so that continuing sees the history. v1: the
 * OpenAI-compatible `POST /v1/chat/completions`, OpenAI's error body on every error status there. Both
 * check the bearer key (401) and answer JSON or SSE by the `stream` flag; runs anywhere with `Request`,
 * `Response` and web streams. `GET /__mock/requests` answers the request log as JSON
 * (`MockRequestSnapshot[]`), without a key and whatever the fault, for a test reading it from another
 * process with `readMockRequests`.
 */
export function createMockInkeep(options: MockInkeepOptions = {}): MockInkeep {
  const chatSessions = createChatSessionsRoute(options.answer)
  const chatCompletions = createChatCompletionsRoute(options.completion)
  const requests: MockRequestRecord[] = []
  const streamEnds = new WeakMap<MockRequestRecord, StreamEnd>()
  let faultedResponses = 0

  async function handle(request: Request, signal: AbortSignal, record: MockRequestRecord): Promise<Response> {
    if (request.method === 'OPTIONS') return preflight(request)
    const route = record.path.startsWith('/v1/') ? chatCompletions : chatSessions
    const { fault } = options
    if (fault?.type === 'stall' && fault.afterEvents === undefined) return stallUntilAborted(signal)
    if (fault?.type === 'drop' && fault.afterEvents === undefined) throw new TypeError('The mock server dropped the connection')
    if (fault?.type === 'status' && faultedResponses < (fault.times ?? Infinity)) {
      faultedResponses++
      return toStatusFaultResponse(fault, route)
    }
    const authorization = request.headers.get('authorization') ?? ''
    const key = authorization.startsWith('Bearer ') ? authorization.slice(7) : ''
    if (!key || (options.apiKey !== undefined && key !== options.apiKey)) return json(401, route.toErrorBody(401, 'Invalid or missing API key'))

    const reply = route.reply(record)
    if (reply.type === 'error') return json(reply.status, reply.body)
    if (!reply.stream && fault?.type !== 'raw') return json(200, reply.body)
    const events = [...reply.events]
    if (fault?.type === 'malformed') events.splice(fault.afterEvents, 0, route.malformedEvent)
    const { body, progress } = createEventStream(events, reply.delayMs, toStreamFault(fault, events.length), signal)
    record.stream = progress
    progress.ended.then((end) => streamEnds.set(record, end))
    const contentType = fault?.type === 'raw' ? (fault.contentType ?? 'text/event-stream') : 'text/event-stream'
    return new Response(body, { status: 200, headers: { ...CORS_HEADERS, 'content-type': contentType, 'cache-control': 'no-cache' } })
  }

  return {
    requests,
    async fetch(input, init) {
      const request = new Request(input, init)
      if (new URL(request.url).pathname === REQUESTS_PATH) return answerRequestLog(request, requests, streamEnds)
      // The caller's own signal, not the copy's: undici stops forwarding an abort to a Request's
      // signal once that Request is garbage-collected, which a stalled handler allows.
      const signal = init?.signal ?? (input instanceof Request ? input.signal : request.signal)
      const text = request.method === 'POST' ? await request.text() : ''
      const record: MockRequestRecord = {
        method: request.method,
        path: new URL(request.url).pathname,
        headers: request.headers,
        body: parseJson(text),
        status: 0,
      }
      requests.push(record)
      const response = await handle(request, signal, record)
      record.status = response.status
      return response
    },
  }
}

/** Answers a status fault: its body as given, or the route's error body for the status. */
function toStatusFaultResponse(fault: Extract<MockFault, { type: 'status' }>, route: MockRoute): Response {
  const headers: Record<string, string> = { ...CORS_HEADERS, 'content-type': 'application/json' }
  if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter
  for (const [name, value] of Object.entries(fault.headers ?? {})) headers[name.toLowerCase()] = value
  const body = fault.body ?? JSON.stringify(route.toErrorBody(fault.status, `Mock fault: status ${fault.status}`))
  return new Response(body, { status: fault.status, headers })
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** Never answers; rejects like fetch does once the request's signal aborts. */
function stallUntilAborted(signal: AbortSignal): Promise<Response> {
  return new Promise((_, reject) => {
    const onAbort = (): void => reject(signal.reason ?? new DOMException('The operation was aborted.', 'AbortError'))
    if (signal.aborted) onAbort()
    else signal.addEventListener('abort', onAbort, { once: true })
  })
}
