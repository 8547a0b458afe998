import { createParser, type EventSourceMessage } from 'eventsource-parser'
import type { BodyReader } from './body-reader'
import { invalidResponseError, streamInterruptedError, type ChatError } from '../errors'
import { findOverlongLine, lineBytesAfter } from '../internal/line-ends'
import type { Result } from '../internal/result'
import type { ChatEvent } from '../types'
import type { Emit, Redact, StreamDecoder } from './protocol'

/**
 * The start of the event is the server's text, cut where a key could be: the key is removed after the cut.
 * The cut is joined into a string of its own: in V8 a slice shares its parent's memory, and an error
 * held by the caller would keep the whole event alive (https://bugs.chromium.org/p/v8/issues/detail?id=2869).
 */
const tooLargeError = (maxEventBytes: number, start: string, redact: Redact): ChatError =>
  invalidResponseError(`an SSE event or line is larger than maxEventBytes (${maxEventBytes} bytes)`, redact([...start.slice(0, 256)].join('')))

/**
 * Whether `text` exceeds `maxBytes` in UTF-8; encodes it only when its length alone can't tell, which
 * the callers below reach only for text near the limit, so the copy is at most 3 × `maxBytes`.
 */
const exceedsBytes = (text: string, maxBytes: number): boolean =>
  text.length > maxBytes || (text.length * 3 > maxBytes && new TextEncoder().encode(text).length > maxBytes)

const isTooLarge = ({ data, event = '', id = '' }: EventSourceMessage, maxBytes: number): boolean =>
  exceedsBytes(data, maxBytes) || exceedsBytes(event, maxBytes) || exceedsBytes(id, maxBytes)

/**
 * How much longer than `maxEventBytes` a line may be before the checks below are sure to refuse it
 * whole: they leave out at most its field name (`event: `) and, on the first line, a byte order mark,
 * which TextDecoder removes, then its Latin-1 spelling (ï»¿), which eventsource-parser removes.
 */
const LINE_SLACK_BYTES = 'event: '.length + 3 + 6

/** How a body ended: read to the end, or the error that ended it. */
export type ServerEventEnd = 'done' | ChatError

/** The events completed by one chunk, and `end` once the body is over. */
export interface EventBatch {
  messages: readonly ChatEvent[]
  end?: ServerEventEnd | undefined
}

/** Reads a response as batches of events, one per network chunk; `end` comes with the last batch. */
export interface EventBatches {
  read(): Promise<EventBatch>
}

/** How `readServerEvents` decodes a body. */
export interface ServerEventReaderOptions {
  /**
   * Largest event data, line or comment accepted, in UTF-8 bytes. A line longer by more than a field
   * name is refused once that much of it has come, whatever its field, without waiting for its end.
   */
  maxEventBytes: number
  /**
   * Turns messages into events, inside the parser's callback: a layer above would cost an array and
   * an await per chunk, which add up when a body arrives in small chunks.
   */
  decoder: StreamDecoder
  /** Removes the key from the start of an event that is too large; the decoder redacts its own errors. */
  redact: Redact
  /** See `Protocol.keepUnterminatedLastEvent`; eventsource-parser drops such an event. */
  keepUnterminatedLastEvent: boolean
}

/**
 * Returns batches of the events of an SSE body, decoded with eventsource-parser, one network chunk per
 * `read()`. The first message that is too large or fails to decode ends the body, and so does one the
 * decoder says completes the answer. A batch may hold events and an `end` together: the events before
 * a failure are never lost.
 */
export function readServerEvents(reader: BodyReader, options: ServerEventReaderOptions): EventBatches {
  const { maxEventBytes, decoder: events, redact, keepUnterminatedLastEvent } = options
  const bodyEnd = keepUnterminatedLastEvent ? '\n\n' : ''
  const decoder = new TextDecoder()
  let batch: ChatEvent[] = []
  let emitted = 0
  const emit: Emit = (event) => {
    emitted++
    batch.push(event)
  }
  // A connection that breaks after some events is `stream_interrupted`, which says those events stay
  // delivered; the errors a decoder returns are the server's words and stay as they are.
  const broken = (error: ChatError): ChatError => (error.type === 'network' && emitted > 0 ? streamInterruptedError(emitted, error.message) : error)
  let failure: ChatError | undefined
  let answered = false
  // Bytes fed since the chunk in which the last event ended: no event ending now can be larger, so
  // its fields need measuring only when this is over the limit. Measuring encodes them, which for a
  // large event costs a copy of it: most events never pay that.
  let spanBytes = 0
  let eventsEnded = 0
  // Bytes of the line not ended yet, counted before decoding: what a line that never ends may cost
  // is bounded in bytes, whatever its characters take once decoded.
  const maxLineBytes = maxEventBytes + LINE_SLACK_BYTES
  let lineBytes = 0
  let lineTooLong = false
  const refuse = (text: string): void => {
    failure ??= tooLargeError(maxEventBytes, text, redact)
  }
  const parser = createParser({
    // The parser buffers, across chunks, the data of the event so far plus the current partial line,
    // counted in UTF-16 units, no more than bytes. An event still to be accepted may hold the limit
    // in data and a line of `maxLineBytes`, all ASCII: the guard lets that through, so it never
    // refuses what the checks below would accept, and cannot be tighter. Only data spread over many
    // lines reaches it: a single line is stopped at `maxLineBytes`.
    maxBufferSize: 2 * maxEventBytes + 64,
    onEvent(message) {
      eventsEnded++
      if (failure || answered) return
      if (lineTooLong || (spanBytes > maxEventBytes && isTooLarge(message, maxEventBytes))) return refuse(message.data)
      const outcome = events.decode(message, emit)
      if (outcome === 'end') answered = true
      else if (outcome) failure = outcome
    },
    onComment(comment) {
      if (exceedsBytes(comment, maxEventBytes)) refuse(comment)
    },
    // Unknown fields and invalid `retry` values are otherwise ignored, as the SSE spec asks.
    onError(error) {
      if (error.type === 'max-buffer-size-exceeded' || exceedsBytes(error.line ?? '', maxEventBytes)) refuse('')
    },
  })

  // A CR that ends a chunk is fed with the next one: the parser would hold the whole line before it
  // until it knows whether an LF follows, and with the next line too, that could pass its guard.
  let heldCR = ''
  const feed = (text: string, bytes: number): void => {
    // A byte that is not UTF-8 decodes to U+FFFD, which takes 3 bytes: then only counting can tell.
    const chunkBytes = text.includes('\uFFFD') ? Infinity : bytes
    spanBytes += chunkBytes
    const endedBefore = eventsEnded
    const held = heldCR ? heldCR + text : text
    heldCR = held.charCodeAt(held.length - 1) === 13 ? '\r' : ''
    parser.feed(heldCR ? held.slice(0, -1) : held)
    if (eventsEnded !== endedBefore) spanBytes = chunkBytes
  }
  // Feeds the first `maxLineBytes` + 1 bytes of a line, the same however the body was cut, then ends
  // the line and its event: a comment, an unknown field or an event with data is refused as it would
  // be whole, with its start, and any other line is refused here.
  const feedTooLongLine = (bytes: Uint8Array): void => {
    feed(decoder.decode(bytes, { stream: true }), bytes.length)
    if (!failure) parser.feed('\n')
    lineTooLong = true
    if (!failure) parser.feed('\n')
    refuse('')
  }
  const feedBytes = (bytes: Uint8Array): void => {
    const cut = lineBytes + bytes.length > maxLineBytes ? findOverlongLine(bytes, lineBytes, maxLineBytes) : -1
    if (cut !== -1) return feedTooLongLine(bytes.subarray(0, cut))
    const text = decoder.decode(bytes, { stream: true })
    lineBytes = lineBytesAfter(bytes, text, lineBytes)
    feed(text, bytes.length)
  }

  const decodeChunk = (chunk: Result<Uint8Array | undefined, ChatError>): EventBatch => {
    if (!chunk.ok) return { messages: [], end: broken(chunk.error) }
    if (chunk.value) feedBytes(chunk.value)
    else feed(decoder.decode() + bodyEnd, 0)
    if (!chunk.value && !failure && !answered) {
      const ended = events.bodyEnded(emit)
      if (ended) failure = broken(ended)
    }
    const messages = batch
    // Most small chunks complete no event: their empty batch is reused rather than reallocated.
    if (messages.length > 0) batch = []
    // What follows the end of the answer, or a failure, is not read.
    if ((failure || answered) && chunk.value) reader.cancel()
    return { messages, end: failure ?? (chunk.value && !answered ? undefined : 'done') }
  }
  // `then` rather than an async function: one promise fewer per network chunk.
  return { read: () => reader.read().then(decodeChunk) }
}
