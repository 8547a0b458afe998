/** The parts of a request a route reads; the body already parsed as JSON, or the raw text when it was not JSON. */
export interface MockRouteRequest {
  method: string
  path: string
  body: unknown
}

/** What a route answers, before the faults that act on an answer: an error, or an answer sent as JSON or SSE. */
export type MockReply =
  | { type: 'error'; status: number; body: unknown }
  /** `body` is sent when `stream` is false, `events` (complete SSE messages) when it is true. */
  | { type: 'answer'; stream: boolean; body: unknown; events: string[]; delayMs: number }

/** One of the APIs the mock answers, in its own spelling. */
export interface MockRoute {
  /** The JSON body of an error status, as this API words it. */
  toErrorBody(status: number, message: string): unknown
  /** An SSE message whose data is not JSON, for the `malformed` fault. */
  malformedEvent: string
  /** Answers a request that the faults before the headers and the bearer check let through. */
  reply(request: MockRouteRequest): MockReply
}
