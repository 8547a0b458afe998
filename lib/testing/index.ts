import * as v from 'valibot'
import { SAMPLE_CITATIONS, toChatResultBody, toServerEvents, type MockAnswer, type ResolvedAnswer } from './answer'
import { createEventStream, type StreamEnd, type StreamProgress } from './event-stream'
import { toStreamFault, type MockFault } from './faults'
import { ContinueBodySchema, CreateBodySchema, toValidationDetail, type WireMessage } from './wire'

export type { MockAnswer } from './answer'
export type { MockRawBody, StreamEnd, StreamProgress } from './event-stream'
export type { MockFault } from './faults'

/** What an answer function is told about the request it answers. */
export interface MockChatContext {
  chatSessionId: string
  /** The whole conversation so far, the new message last. */
  messages: WireMessage[]
}

export interface MockInkeepOptions {
  /** The only bearer key accepted; when unset, any non-empty key is. */
  apiKey?: string | undefined
  answer?: MockAnswer | ((context: MockChatContext) => MockAnswer) | undefined
  fault?: MockFault | undefined
}

/** One request the mock handled. */
export interface MockRequestRecord {
  method: string
  path: string
  /** As sent, `authorization` included: `GET /__mock/requests` and `readMockRequests` leave its key out. */
  headers: Headers
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown
  status: number
  /** Present when the answer was streamed. */
  stream?: StreamProgress | undefined
}

/** A `MockRequestRecord` as JSON, for another process: what `readMockRequests` returns. */
export interface MockRequestSnapshot {
  method: string
  path: string
  /**
   * Header names in lower case. `authorization` keeps its scheme and hides the rest: `Bearer [redacted]`
   * when a bearer key was sent, `[redacted]` for any other value.
   */
  headers: Record<string, string>
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown
  status: number
  /** Present when the answer was streamed: the events sent so far, and `end` once the stream ended. */
  stream?: { sentEvents: number; totalEvents: number; end?: StreamEnd | undefined } | undefined
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

/** Where the mock answers with its request log; outside `/v0/`, so no API path can take it. */
const REQUESTS_PATH = '/__mock/requests'

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, accept',
  'access-control-expose-headers': 'retry-after',
}

/**
 * Answers a CORS preflight allowing whatever headers it asks for, so a page whose hook adds one (a
 * `traceparent`, say) can call the mock; without `Access-Control-Request-Headers`, the client's own.
 */
function preflight(request: Request): Response {
  const requested = request.headers.get('access-control-request-headers')
  if (!requested) return new Response(null, { status: 204, headers: CORS_HEADERS })
  const headers = { ...CORS_HEADERS, 'access-control-allow-headers': requested, vary: 'access-control-request-headers' }
  return new Response(null, { status: 204, headers })
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { ...CORS_HEADERS, 'content-type': 'application/json', ...headers } })

const CONTINUE_PATH = /^\/v0\/chat_sessions\/([^/]+)\/chat_results$/

/** The value of an `authorization` header with its key left out: a record keeps it, for tests in the same process. */
const redactAuthorization = (value: string): string => (value.startsWith('Bearer ') && value.length > 7 ? 'Bearer [redacted]' : '[redacted]')

function toSnapshot(record: MockRequestRecord, end: StreamEnd | undefined): MockRequestSnapshot {
  const headers = Object.fromEntries(record.headers)
  if (headers.authorization !== undefined) headers.authorization = redactAuthorization(headers.authorization)
  const { method, path, body, status, stream } = record
  if (!stream) return { method, path, headers, body, status }
  return { method, path, headers, body, status, stream: { sentEvents: stream.sentEvents, totalEvents: stream.totalEvents, end } }
}

const defaultAnswer = ({ messages }: MockChatContext): MockAnswer => {
  const question = messages[messages.length - 1]?.content ?? ''
  const turn = messages.filter((message) => message.role === 'user').length
  return {
    text:
      `You asked: "${question}". This is answer ${turn} of this chat session, from the mock Inkeep server. ` +
      'It streams in small chunks, the way the real API does, and cites two sample sources [1][2].',
  }
}

/**
 * Returns an in-memory Inkeep Chat API v0: both endpoints, bearer check (401), FastAPI-style 422
 * for bad bodies, 404 for an unknown session, sessions kept so that continuing sees the history,
 * and JSON or SSE by the `stream` flag. Runs anywhere with `Request`, `Response` and web streams.
 * `GET /__mock/requests` answers the request log as JSON (`MockRequestSnapshot[]`), without a key
 * and whatever the fault, for a test reading it from another process with `readMockRequests`.
 */
export function createMockInkeep(options: MockInkeepOptions = {}): MockInkeep {
  const sessions = new Map<string, WireMessage[]>()
  const requests: MockRequestRecord[] = []
  const streamEnds = new WeakMap<MockRequestRecord, StreamEnd>()
  let faultedResponses = 0

  function answerRequestLog(request: Request): Response {
    if (request.method === 'OPTIONS') return preflight(request)
    if (request.method !== 'GET') return json(405, { detail: 'Method Not Allowed' }, { allow: 'GET, OPTIONS' })
    return json(200, requests.map((record) => toSnapshot(record, streamEnds.get(record))), { 'cache-control': 'no-store' })
  }

  async function handle(request: Request, signal: AbortSignal, record: MockRequestRecord): Promise<Response> {
    if (request.method === 'OPTIONS') return preflight(request)
    const { fault } = options
    if (fault?.type === 'stall' && fault.afterEvents === undefined) return stallUntilAborted(signal)
    if (fault?.type === 'drop' && fault.afterEvents === undefined) throw new TypeError('The mock server dropped the connection')
    if (fault?.type === 'status' && faultedResponses < (fault.times ?? Infinity)) {
      faultedResponses++
      const headers: Record<string, string> = { ...CORS_HEADERS, 'content-type': 'application/json' }
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter
      for (const [name, value] of Object.entries(fault.headers ?? {})) headers[name.toLowerCase()] = value
      return new Response(fault.body ?? JSON.stringify({ detail: `Mock fault: status ${fault.status}` }), { status: fault.status, headers })
    }
    const authorization = request.headers.get('authorization') ?? ''
    const key = authorization.startsWith('Bearer ') ? authorization.slice(7) : ''
    if (!key || (options.apiKey !== undefined && key !== options.apiKey)) return json(401, { detail: 'Invalid or missing API key' })

    const path = new URL(request.url).pathname
    const continued = CONTINUE_PATH.exec(path)
    if (path !== '/v0/chat_sessions/chat_results' && !continued) return json(404, { detail: 'Not Found' })
    if (request.method !== 'POST') return json(405, { detail: 'Method Not Allowed' })
    if (!record.body || typeof record.body !== 'object') {
      return json(422, { detail: [{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error' }] })
    }

    let chatSessionId: string
    let stream: boolean
    if (continued) {
      const parsed = v.safeParse(ContinueBodySchema, record.body)
      if (!parsed.success) return json(422, toValidationDetail(parsed.issues))
      chatSessionId = decodePathSegment(continued[1]!)
      const history = sessions.get(chatSessionId)
      if (!history) return json(404, { detail: `Chat session ${chatSessionId} not found` })
      history.push(parsed.output.message)
      stream = parsed.output.stream
    } else {
      const parsed = v.safeParse(CreateBodySchema, record.body)
      if (!parsed.success) return json(422, toValidationDetail(parsed.issues))
      chatSessionId = `mock-session-${sessions.size + 1}`
      sessions.set(chatSessionId, [...parsed.output.chat_session.messages])
      stream = parsed.output.stream
    }
    const history = sessions.get(chatSessionId)!
    const answer = resolveAnswer({ chatSessionId, messages: [...history] })
    history.push({ role: 'assistant', content: answer.text })
    if (!stream && fault?.type !== 'raw') return json(200, toChatResultBody(chatSessionId, answer))

    const events = toServerEvents(chatSessionId, answer)
    if (fault?.type === 'malformed') events.splice(fault.afterEvents, 0, 'event: message_chunk\ndata: {"content_chunk": \n\n')
    const { body, progress } = createEventStream(events, answer.delayMs, toStreamFault(fault, events.length), signal)
    record.stream = progress
    progress.ended.then((end) => streamEnds.set(record, end))
    const contentType = fault?.type === 'raw' ? (fault.contentType ?? 'text/event-stream') : 'text/event-stream'
    return new Response(body, { status: 200, headers: { ...CORS_HEADERS, 'content-type': contentType, 'cache-control': 'no-cache' } })
  }

  function resolveAnswer(context: MockChatContext): ResolvedAnswer {
    const given = typeof options.answer === 'function' ? options.answer(context) : options.answer
    const answer = { ...defaultAnswer(context), ...given }
    return {
      text: answer.text ?? '',
      citations: answer.citations ?? SAMPLE_CITATIONS,
      chunkSize: answer.chunkSize ?? 12,
      delayMs: answer.delayMs ?? 0,
    }
  }

  return {
    requests,
    async fetch(input, init) {
      const request = new Request(input, init)
      if (new URL(request.url).pathname === REQUESTS_PATH) return answerRequestLog(request)
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

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
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

/**
 * Returns the requests a mock served at `url` (its base URL, as `MockInkeepServer.url`) has handled,
 * oldest first, with the key of each `authorization` header left out: for an end-to-end test that
 * runs `serveMockInkeep` in one process and the app under test in another. Rejects when `url` does
 * not answer `GET /__mock/requests` with a 200. Runs anywhere with `fetch`.
 *
 * @example
 * const requests = await readMockRequests('http://127.0.0.1:43121')
 * console.log(requests.map(({ method, path, status }) => `${method} ${path} ${status}`))
 */
export async function readMockRequests(url: string | URL): Promise<MockRequestSnapshot[]> {
  const response = await fetch(new URL(REQUESTS_PATH, url))
  if (!response.ok) throw new Error(`GET ${REQUESTS_PATH} from ${url} answered ${response.status}: is a mock Inkeep server there?`)
  return (await response.json()) as MockRequestSnapshot[]
}
