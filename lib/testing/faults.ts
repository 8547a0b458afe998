import type { MockRawBody, StreamFault } from './event-stream'

/** Faults a test (or a UI under development) can ask the mock for; each acts on v0 and v1 routes alike. */
export type MockFault =
  /**
   * Answer `status` (with `Retry-After`, `body` and extra `headers` when given) to the first `times`
   * requests; then answer normally. `headers` replace the defaults, so `content-type` can be set.
   * Without `body`, the route's own error body: `{ detail }` on v0, OpenAI's `{ error }` on v1.
   */
  | { type: 'status'; status: number; retryAfter?: string | undefined; body?: string | undefined; headers?: Record<string, string> | undefined; times?: number | undefined }
  /**
   * Break the connection: before the headers when `afterEvents` is unset, otherwise after `afterEvents`
   * streamed events and the first `partialBytes` bytes of the next one. `serveMockInkeep` closes the
   * socket, or resets it (TCP RST) when `reset` is true.
   */
  | { type: 'drop'; afterEvents?: number | undefined; partialBytes?: number | undefined; reset?: boolean | undefined }
  /** Send an event whose data is not JSON after `afterEvents` events: a `message_chunk` on v0, a chunk on v1. */
  | { type: 'malformed'; afterEvents: number }
  /**
   * Stop sending, keeping the connection open: before the headers, or after `afterEvents` events.
   * With `heartbeatMs` (only after the headers), send an SSE comment that often, forever.
   */
  | { type: 'stall'; afterEvents?: number | undefined; heartbeatMs?: number | undefined }
  /**
   * Answer 200 with `body` as is (content type `contentType`, default `text/event-stream`), after the
   * first `afterEvents` events of the normal answer when given. A function is called per request and
   * may yield the bytes lazily, so a body can be far larger than memory.
   */
  | { type: 'raw'; body: MockRawBody; contentType?: string | undefined; afterEvents?: number | undefined }

/** The part of a fault that acts on the streamed answer, if any. */
export function toStreamFault(fault: MockFault | undefined, eventCount: number): StreamFault | undefined {
  switch (fault?.type) {
    case 'raw':
      return { type: 'raw', afterEvents: Math.min(fault.afterEvents ?? 0, eventCount), body: fault.body }
    case 'drop':
      return fault.afterEvents === undefined ? undefined : { type: 'drop', afterEvents: fault.afterEvents, partialBytes: fault.partialBytes }
    case 'stall':
      return fault.afterEvents === undefined ? undefined : { type: 'stall', afterEvents: fault.afterEvents, heartbeatMs: fault.heartbeatMs }
    default:
      return undefined
  }
}
