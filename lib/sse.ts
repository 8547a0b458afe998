import { createParser, type EventSourceMessage } from 'eventsource-parser'
import type { BodyReader } from './body-reader'
import { invalidResponseError, type ChatError } from './errors'
import { redactText } from './internal/redact'
import type { Result } from './internal/result'

/** The start of the event is the server's text, cut where a key could be: `secret` is removed after the cut. */
const tooLargeError = (maxEventBytes: number, start: string, secret: string): ChatError =>
  invalidResponseError(`an SSE event or line is larger than maxEventBytes (${maxEventBytes} bytes)`, redactText(start.slice(0, 256), secret))

/**
 * Whether `text` exceeds `maxBytes` in UTF-8; encodes it only when its length alone can't tell, which
 * the callers below reach only for text near the limit, so the copy is at most 3 × `maxBytes`.
 */
const exceedsBytes = (text: string, maxBytes: number): boolean =>
  text.length > maxBytes || (text.length * 3 > maxBytes && new TextEncoder().encode(text).length > maxBytes)

const isTooLarge = ({ data, event = '', id = '' }: EventSourceMessage, maxBytes: number): boolean =>
  exceedsBytes(data, maxBytes) || exceedsBytes(event, maxBytes) || exceedsBytes(id, maxBytes)

/** How a body ended: read to the end, or the error that ended it. */
export type ServerEventEnd = 'done' | ChatError

/** The messages completed by one chunk, decoded, and `end` once the body is over. */
export interface ServerEventBatch<T> {
  messages: readonly T[]
  end?: ServerEventEnd | undefined
}

/** Reads a body as batches of messages, one per network chunk; `end` comes with the last batch. */
export interface ServerEventReader<T> {
  read(): Promise<ServerEventBatch<T>>
}

/** How `createServerEventReader` decodes a body. */
export interface ServerEventReaderOptions<T> {
  /** Largest event data, line or comment accepted, in UTF-8 bytes. */
  maxEventBytes: number
  /**
   * Turns one message into `T`, inside the parser's callback: a layer above would cost an array and
   * an await per chunk, which add up when a body arrives in small chunks.
   */
  decode: (message: EventSourceMessage) => Result<T, ChatError>
  /** Removed from the start of an event that is too large; `decode` removes it from its own errors. */
  secret?: string | undefined
  /**
   * Whether an event the body ends in, without the blank line that completes it, is still decoded.
   * The SSE spec discards it (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation),
   * and eventsource-parser drops it; the Inkeep API ends its streams that way, so its reader keeps it.
   */
  keepUnterminatedLastEvent: boolean
}

/**
 * Returns a reader that decodes an SSE body with eventsource-parser, one network chunk per `read()`,
 * turning each message into `T` with `decode`. The first message that is too large or fails to
 * decode ends the body. A batch may hold messages and an `end` together: the messages before a
 * failure are never lost.
 */
export function createServerEventReader<T>(reader: BodyReader, options: ServerEventReaderOptions<T>): ServerEventReader<T> {
  const { maxEventBytes, decode, secret = '', keepUnterminatedLastEvent } = options
  const bodyEnd = keepUnterminatedLastEvent ? '\n\n' : ''
  const decoder = new TextDecoder()
  let batch: T[] = []
  let failure: ChatError | undefined
  // Bytes fed since the chunk in which the last event ended: no event ending now can be larger, so
  // its fields need measuring only when this is over the limit. Measuring encodes them, which for a
  // large event costs a copy of it: most events never pay that.
  let spanBytes = 0
  let eventsEnded = 0
  const refuse = (text: string): void => {
    failure ??= tooLargeError(maxEventBytes, text, secret)
  }
  const parser = createParser({
    // The parser buffers, across chunks, the data of the event so far plus the current partial line.
    // With every line and every event's data held to `maxEventBytes` below, that is at most twice the
    // limit plus a line prefix, so this guard only bounds memory and never decides before those
    // checks: whether a stream is refused does not depend on where its chunks were cut.
    maxBufferSize: 2 * maxEventBytes + 64,
    onEvent(message) {
      eventsEnded++
      if (failure) return
      if (spanBytes > maxEventBytes && isTooLarge(message, maxEventBytes)) return refuse(message.data)
      const decoded = decode(message)
      if (decoded.ok) batch.push(decoded.value)
      else failure = decoded.error
    },
    onComment(comment) {
      if (exceedsBytes(comment, maxEventBytes)) refuse(comment)
    },
    // Unknown fields and invalid `retry` values are otherwise ignored, as the SSE spec asks.
    onError(error) {
      if (error.type === 'max-buffer-size-exceeded' || exceedsBytes(error.line ?? '', maxEventBytes)) refuse('')
    },
  })

  const decodeChunk = (chunk: Result<Uint8Array | undefined, ChatError>): ServerEventBatch<T> => {
    if (!chunk.ok) return { messages: [], end: chunk.error }
    const text = chunk.value ? decoder.decode(chunk.value, { stream: true }) : decoder.decode() + bodyEnd
    // A byte that is not UTF-8 decodes to U+FFFD, which takes 3 bytes: then only counting can tell.
    const chunkBytes = text.includes('\uFFFD') ? Infinity : (chunk.value?.length ?? 0)
    spanBytes += chunkBytes
    const endedBefore = eventsEnded
    parser.feed(text)
    if (eventsEnded !== endedBefore) spanBytes = chunkBytes
    const messages = batch
    // Most small chunks complete no event: their empty batch is reused rather than reallocated.
    if (messages.length > 0) batch = []
    if (failure) reader.cancel()
    return { messages, end: failure ?? (chunk.value ? undefined : 'done') }
  }
  // `then` rather than an async function: one promise fewer per network chunk.
  return { read: () => reader.read().then(decodeChunk) }
}
