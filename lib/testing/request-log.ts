import type { StreamEnd, StreamProgress } from './event-stream'
import { json, preflight } from './http'

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

/** Where the mock answers with its request log; outside `/v0/` and `/v1/`, so no API path can take it. */
export const REQUESTS_PATH = '/__mock/requests'

/** The value of an `authorization` header with its key left out: a record keeps it, for tests in the same process. */
const redactAuthorization = (value: string): string => (value.startsWith('Bearer ') && value.length > 7 ? 'Bearer [redacted]' : '[redacted]')

function toSnapshot(record: MockRequestRecord, end: StreamEnd | undefined): MockRequestSnapshot {
  const headers = Object.fromEntries(record.headers)
  if (headers.authorization !== undefined) headers.authorization = redactAuthorization(headers.authorization)
  const { method, path, body, status, stream } = record
  if (!stream) return { method, path, headers, body, status }
  return { method, path, headers, body, status, stream: { sentEvents: stream.sentEvents, totalEvents: stream.totalEvents, end } }
}

/** Answers `/__mock/requests`: `GET` the log as JSON, keys left out, each stream with how it ended. */
export function answerRequestLog(request: Request, requests: readonly MockRequestRecord[], streamEnds: WeakMap<MockRequestRecord, StreamEnd>): Response {
  if (request.method === 'OPTIONS') return preflight(request)
  if (request.method !== 'GET') return json(405, { detail: 'Method Not Allowed' }, { allow: 'GET, OPTIONS' })
  return json(200, requests.map((record) => toSnapshot(record, streamEnds.get(record))), { 'cache-control': 'no-store' })
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
