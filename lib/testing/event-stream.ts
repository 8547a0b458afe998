/** How a streamed answer ended, as the server saw it. */
export type StreamEnd = 'completed' | 'cancelled' | 'dropped'

/** Bytes a fault sends as they are; a function is called once per request, so it may generate them lazily. */
export type MockRawBody = string | Uint8Array | (() => Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>)

/** Faults that act on a streamed answer once `afterEvents` events were sent. */
export type StreamFault =
  /** Breaks the connection, after the first `partialBytes` bytes of the next event when given. */
  | { type: 'drop'; afterEvents: number; partialBytes?: number | undefined }
  /** Sends nothing more, or one SSE comment every `heartbeatMs`, until the client goes away. */
  | { type: 'stall'; afterEvents: number; heartbeatMs?: number | undefined }
  /** Sends `body` as is, then ends the response. */
  | { type: 'raw'; afterEvents: number; body: MockRawBody }

export interface StreamProgress {
  sentEvents: number
  totalEvents: number
  /** Resolves once the stream ended; `cancelled` means the client went away first. */
  ended: Promise<StreamEnd>
}

/** The comment a stalled stream sends as its heartbeat. */
export const HEARTBEAT = ': heartbeat\n\n'

const encoder = new TextEncoder()
const toBytes = (part: string | Uint8Array): Uint8Array => (typeof part === 'string' ? encoder.encode(part) : part)

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Returns an iterator over the parts of a raw body. */
function partsOf(body: MockRawBody): Iterator<string | Uint8Array> | AsyncIterator<string | Uint8Array> {
  const parts = typeof body === 'function' ? body() : [body]
  return Symbol.asyncIterator in parts ? parts[Symbol.asyncIterator]() : parts[Symbol.iterator]()
}

/**
 * Returns a byte stream of `events` paced by `delayMs`, with an optional fault, and the progress
 * record the mock's users read (events sent, how it ended). Cancelling the stream or aborting
 * `signal` ends it as `cancelled`.
 */
export function createEventStream(events: string[], delayMs: number, fault: StreamFault | undefined, signal: AbortSignal): { body: ReadableStream<Uint8Array>; progress: StreamProgress } {
  let settle!: (end: StreamEnd) => void
  const progress: StreamProgress = {
    sentEvents: 0,
    totalEvents: events.length,
    ended: new Promise((resolve) => (settle = resolve)),
  }
  let stopped = false
  let resolveStop!: () => void
  const stop = new Promise<void>((resolve) => (resolveStop = resolve))
  let rawParts: ReturnType<typeof partsOf> | undefined
  // A raw body's generator is left when the client goes away, so its `finally` runs (and frees what it holds).
  const leaveRawBody = async (): Promise<void> => void (await rawParts?.return?.())
  const onStop = (): void => {
    stopped = true
    settle('cancelled')
    resolveStop()
    leaveRawBody().catch(() => {})
  }
  signal.addEventListener('abort', onStop, { once: true })
  progress.ended.then(() => signal.removeEventListener('abort', onStop))
  let partialSent = false
  let faultStarted = false

  /** Acts out the fault once the stream reached its point; each call is one pull. */
  async function pullFault(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    if (fault?.type === 'stall') {
      if (!fault.heartbeatMs) return stop
      await Promise.race([delay(fault.heartbeatMs), stop])
      if (!stopped) controller.enqueue(encoder.encode(HEARTBEAT))
      return
    }
    if (fault?.type === 'raw') {
      rawParts ??= partsOf(fault.body)
      const next = await rawParts.next()
      if (stopped) return
      if (!next.done) return controller.enqueue(toBytes(next.value))
      settle('completed')
      return controller.close()
    }
    const next = events[progress.sentEvents]
    if (fault?.partialBytes && next !== undefined && !partialSent) {
      partialSent = true
      return controller.enqueue(encoder.encode(next).slice(0, fault.partialBytes))
    }
    settle('dropped')
    controller.error(new Error('The mock server dropped the connection'))
  }

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const index = progress.sentEvents
      const faultReached = fault?.afterEvents === index
      if (index >= events.length && !faultReached) {
        settle('completed')
        return controller.close()
      }
      // A fault is paced like the event it replaces, so the events before it reach the client first.
      if (delayMs > 0 && index > 0 && !(faultReached && faultStarted)) await Promise.race([delay(delayMs), stop])
      if (stopped) return
      if (faultReached) {
        faultStarted = true
        return pullFault(controller)
      }
      controller.enqueue(encoder.encode(events[index]))
      progress.sentEvents = index + 1
    },
    cancel: onStop,
  }, { highWaterMark: 0 })
  return { body, progress }
}
