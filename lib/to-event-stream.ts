import * as v from 'valibot'
import { toInputIssues } from './config'
import { invalidInputError, networkError, streamInterruptedError, type ChatError } from './errors'
import { leaveEvents } from './internal/leave-events'
import { NOT_YET, settledWithin } from './internal/settled-within'
import { EventStreamOptionsSchema } from './schemas/stream-options'
import type { ChatEvent, EventStreamOptions } from './types'

/** Characters of SSE gathered into one chunk at most, when events are ready faster than they are read. */
const BATCH_CHARS = 16 * 1024
/**
 * Microtask turns to wait for a next event before sending what was gathered: one already buffered
 * upstream (an async generator's `yield`, this package's per-chunk batches) settles within two or
 * three. Gathering ready events into one chunk, rather than a chunk per event, is what keeps encoding
 * near a bare JSON.stringify loop (figures in test/bench/README.md).
 */
const READY_TURNS = 4
const HEARTBEAT = ': heartbeat\n\n'

/** One `next()` of the source: its result, or `undefined` when it threw. */
type Step = IteratorResult<ChatEvent, unknown> | undefined

/** A `next()` in progress: `settled` is set as soon as it settles, so that it can be checked without waiting. */
interface PendingStep {
  promise: Promise<Step>
  settled: Step | typeof NOT_YET
}

function startStep(iterator: AsyncIterator<ChatEvent>): PendingStep {
  const step: PendingStep = { promise: Promise.resolve(undefined), settled: NOT_YET }
  try {
    step.promise = iterator.next().then(
      (result) => (step.settled = result),
      () => (step.settled = undefined),
    )
  } catch {
    step.settled = undefined
  }
  return step
}

/** One SSE message; `undefined` for a value that is no event or whose JSON can't be written. */
function encodeEvent(event: ChatEvent): string | undefined {
  try {
    // JSON escapes CR and LF, so the data is one line; a name with a line break would start a field.
    if (typeof event?.event === 'string' && !/[\r\n]/.test(event.event)) return `event: ${event.event}\ndata: ${JSON.stringify(event)}\n\n`
  } catch {}
  return undefined
}

const encodeError = (error: ChatError): string => `event: error\ndata: ${JSON.stringify({ event: 'error', error })}\n\n`

/**
 * The error that ends a stream whose source failed: what a page would see had the connection broken
 * at that point. The thrown error is not described: it may hold details of the server.
 */
const sourceFailedError = (sent: number): ChatError =>
  sent > 0 ? streamInterruptedError(sent, 'the server’s event source failed') : networkError('The server’s event source failed before its first event')

/**
 * Returns a byte stream of `events` as SSE, one message per event: `event:` is the event's `event`,
 * `data:` its JSON, so `JSON.parse(message.data)` gives the `ChatEvent` back. Pull-based: `events`
 * is read only as fast as the stream is, and cancelling the stream calls `events.return()` at once.
 * A source that throws, or yields what can't be written, ends the stream with one `error` event
 * (`stream_interrupted`, or `network` before the first event); invalid options end it with
 * `invalid_input` before anything is read. The stream closes after an `error` event.
 *
 * @example
 * ```ts
 * const body = toEventStream(createChatSession(config, input), { heartbeatMs: 15_000 })
 * ```
 */
export function toEventStream(events: AsyncIterable<ChatEvent>, options: EventStreamOptions = {}): ReadableStream<Uint8Array> {
  const checked = v.safeParse(EventStreamOptionsSchema, options, { abortPipeEarly: true })
  const heartbeatMs = checked.success ? checked.output.heartbeatMs : undefined
  const encoder = new TextEncoder()
  let iterator: AsyncIterator<ChatEvent> | undefined
  let pending: PendingStep | undefined
  let sent = 0
  let lastWrite = Date.now()
  let cancelled = false

  // The source is left before its end: `return()` frees what it holds, such as a request.
  const leave = (): void => void leaveEvents(iterator)
  const next = (): PendingStep => {
    try {
      iterator ??= events[Symbol.asyncIterator]()
    } catch {
      return { promise: Promise.resolve(undefined), settled: undefined }
    }
    // A `next()` still pending from an earlier pull is waited for again, never asked twice.
    return (pending ??= startStep(iterator))
  }
  /** Waits for the first event of a chunk, or until a heartbeat is due. */
  const waitForFirst = (step: PendingStep): Promise<Step | typeof NOT_YET> =>
    heartbeatMs ? settledWithin(step.promise, heartbeatMs - (Date.now() - lastWrite)) : step.promise

  const pull = async (controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> => {
    if (!checked.success) {
      controller.enqueue(encoder.encode(encodeError(invalidInputError(toInputIssues(checked.issues, 'options')))))
      return controller.close()
    }
    let text = ''
    let end: 'done' | 'left' | undefined
    while (!end && text.length < BATCH_CHARS) {
      const step = next()
      // After the first event, only events already settled or about to be are taken; the check is
      // inline because a separate function's own promise per event was measurable (test/bench/README.md).
      if (text === '') await waitForFirst(step)
      else for (let turn = 0; turn < READY_TURNS && step.settled === NOT_YET; turn++) await undefined
      if (cancelled) return
      const waited = step.settled
      if (waited === NOT_YET) {
        text ||= HEARTBEAT
        break
      }
      pending = undefined
      if (waited?.done) {
        end = 'done'
        break
      }
      const encoded = waited && encodeEvent(waited.value)
      text += encoded ?? encodeError(sourceFailedError(sent))
      if (encoded) sent++
      if (!encoded || waited.value.event === 'error') end = 'left'
    }
    if (text) controller.enqueue(encoder.encode(text))
    lastWrite = Date.now()
    if (!end) return
    controller.close()
    if (end === 'left') leave()
  }
  return new ReadableStream<Uint8Array>(
    {
      pull,
      cancel() {
        cancelled = true
        leave()
      },
    },
    { highWaterMark: 0 },
  )
}
