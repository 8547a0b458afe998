import * as v from 'valibot'
import { toInputIssues } from '../call/config'
import { invalidInputError, networkError, streamInterruptedError, type ChatError } from '../errors'
import { NOT_YET, settledWithin } from '../internal/settled-within'
import { createSourceReader, THREW, TURNS_AT_HAND, type SourceStep } from '../internal/source-reader'
import { maskChatError } from './mask-chat-error'
import { DONE_EVENT_NAME, DONE_MESSAGE, ERROR_EVENT_NAME } from './wire'
import { EventStreamOptionsSchema } from './options-schemas'
import { createSessionSigner } from './sign-session-events'
import type { ChatErrorEvent, ChatEvent, EventStreamOptions } from '../types'

/** Characters of SSE gathered into one chunk at most, when events are ready faster than they are read. */
const BATCH_CHARS = 16 * 1024
const HEARTBEAT = ': heartbeat\n\n'

/**
 * Names no event may be written under: an EventSource reads `message` as an unnamed message, and the
 * other two are the stream's own (wire.ts). An empty name reads as `message` too.
 */
const RESERVED_NAMES: readonly string[] = ['', 'message', ERROR_EVENT_NAME, DONE_EVENT_NAME]

/** The `event` of what a source yielded, or `undefined` when that can't be read: a caller's iterable may yield anything. */
function nameOf(event: ChatEvent | undefined): unknown {
  try {
    return event?.event
  } catch {
    return undefined
  }
}

/** One SSE message; `undefined` for a reserved or multi-line name, or a value JSON can't write. */
function encodeEvent(name: unknown, event: ChatEvent | undefined): string | undefined {
  // JSON escapes CR and LF, so the data is one line; a name with a line break would start a field.
  if (typeof name !== 'string' || RESERVED_NAMES.includes(name) || /[\r\n]/.test(name)) return undefined
  try {
    return `event: ${name}\ndata: ${JSON.stringify(event)}\n\n`
  } catch {
    return undefined
  }
}

/**
 * One `chat_error` message for the error of `event` as `onError` rewrites it; the masked error when
 * `onError` throws, or returns what JSON can't write, so that no detail leaks through a failing `onError`.
 */
function encodeError(event: { error: ChatError }, onError: (error: ChatError) => ChatError): string {
  let error: ChatError | undefined
  let data: string
  try {
    error = event.error
    data = JSON.stringify({ event: 'error', error: onError(error) })
  } catch {
    data = JSON.stringify({ event: 'error', error: maskChatError(error) })
  }
  return `event: ${ERROR_EVENT_NAME}\ndata: ${data}\n\n`
}

/**
 * The error that ends a stream whose source failed: what a page would see had the connection broken
 * at that point. The thrown error is not described: it may hold details of the server.
 */
const sourceFailedError = (sent: number): ChatError =>
  sent > 0 ? streamInterruptedError(sent, 'the server’s event source failed') : networkError('The server’s event source failed before its first event')

/**
 * Returns a byte stream of `events` as SSE, one message per event: `event:` is the event's `event`
 * (`chat_error` for `error`), `data:` its JSON, so `JSON.parse(message.data)` gives the `ChatEvent`
 * back. A stream that reached its end, normally or with an error event, closes with a `done`
 * message, so a reader tells a finished answer from a connection cut between two events.
 * Pull-based: `events` is read only as fast as the stream is, and cancelling the stream calls
 * `events.return()` at once (and writes nothing more). A source that throws, or yields what can't be
 * written, ends the stream with one error event (`stream_interrupted`, or `network` before the first
 * event); invalid options end it with `invalid_input` before anything is read.
 *
 * Errors go to the page masked by default: the same `type` and numeric fields, a generic `message`,
 * and no server text (`maskChatError`). `onError` rewrites them instead; `(error) => error` sends them
 * as they are. With a `sessionSecret`, each `chatSessionId` is written with a `chatSessionSignature`
 * beside it, which a route checks with `verifyChatSessionId` before it continues a session a page names.
 *
 * @example
 * ```ts
 * const body = toEventStream(createChatSession(config, input), { heartbeatMs: 15_000 })
 * ```
 */
export function toEventStream(events: AsyncIterable<ChatEvent>, options: EventStreamOptions = {}): ReadableStream<Uint8Array> {
  const checked = v.safeParse(EventStreamOptionsSchema, options, { abortPipeEarly: true })
  const { heartbeatMs, sessionSecret } = checked.success ? checked.output : {}
  const onError = (checked.success ? (checked.output.onError ?? maskChatError) : maskChatError) as (error: ChatError) => ChatError
  const signer = sessionSecret === undefined ? undefined : createSessionSigner(sessionSecret)
  const encoder = new TextEncoder()
  const source = createSourceReader(events)
  let sent = 0
  let lastWrite = Date.now()
  let cancelled = false

  /** Waits for the first event of a chunk, or until a heartbeat is due. */
  const waitForFirst = (step: SourceStep<ChatEvent>): Promise<unknown> =>
    heartbeatMs ? settledWithin(step.promise, heartbeatMs - (Date.now() - lastWrite)) : step.promise

  const pull = async (controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> => {
    if (!checked.success) {
      // Sent as it is: it names the route's own options in the package's words, no outside text.
      const error = invalidInputError(toInputIssues(checked.issues, 'options'))
      controller.enqueue(encoder.encode(encodeError({ error }, (own) => own) + DONE_MESSAGE))
      return controller.close()
    }
    let text = ''
    let end: 'done' | 'left' | undefined
    while (!end && text.length < BATCH_CHARS) {
      const step = source.step()
      // After the first event, only events already settled or about to be are taken.
      if (text === '') await waitForFirst(step)
      else for (let turn = 0; turn < TURNS_AT_HAND && step.settled === NOT_YET; turn++) await undefined
      if (cancelled) return
      if (step.settled === NOT_YET) {
        text ||= HEARTBEAT
        break
      }
      const result = source.take()
      if (result !== THREW && result.done) {
        end = 'done'
        break
      }
      const event = result === THREW ? undefined : signer ? await signer.sign(result.value) : result.value
      if (cancelled) return
      const name = nameOf(event)
      const encoded = result === THREW ? undefined : name === 'error' ? encodeError(event as ChatErrorEvent, onError) : encodeEvent(name, event)
      text += encoded ?? encodeError({ error: sourceFailedError(sent) }, onError)
      if (encoded) sent++
      if (!encoded || name === 'error') end = 'left'
    }
    if (end) text += DONE_MESSAGE
    if (text) controller.enqueue(encoder.encode(text))
    lastWrite = Date.now()
    if (!end) return
    controller.close()
    // The source is left before its end: this frees what it holds, such as a request.
    if (end === 'left') void source.leave()
  }
  return new ReadableStream<Uint8Array>(
    {
      pull,
      cancel() {
        cancelled = true
        void source.leave()
      },
    },
    { highWaterMark: 0 },
  )
}
