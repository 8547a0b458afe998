import { createParser, type EventSourceMessage } from 'eventsource-parser'
import type { BodyReader } from './body-reader'
import { invalidResponseError, type ChatError } from './errors'
import { utf8ByteLength } from './internal/utf8'

const tooLargeError = (maxEventBytes: number, start: string): ChatError =>
  invalidResponseError(`an SSE event or line is larger than maxEventBytes (${maxEventBytes} bytes)`, start.slice(0, 256))

/** Whether `text` exceeds `maxBytes` in UTF-8; counts bytes only when its length alone can't tell. */
const exceedsBytes = (text: string, maxBytes: number): boolean =>
  text.length > maxBytes || (text.length * 3 > maxBytes && utf8ByteLength(text) > maxBytes)

/**
 * The parser buffers, across chunks, the data of the event so far plus the current partial line.
 * With every line and every event's data held to `maxEventBytes` below, that is at most twice the
 * limit plus a line prefix, so this guard only bounds memory and never decides before those checks:
 * whether a stream is refused does not depend on where its chunks were cut.
 */
const parserBufferLimit = (maxEventBytes: number): number => 2 * maxEventBytes + 64

/** The messages completed by one chunk, and `end` once the body is over: `'done'`, or the error that ended it. */
export interface ServerEventBatch {
  messages: EventSourceMessage[]
  end?: 'done' | ChatError | undefined
}

/**
 * Returns a reader that decodes an SSE body with eventsource-parser, one network chunk per `read()`.
 * A batch may hold messages and an `end` together: the messages before a failure are never lost.
 */
export function createServerEventReader(reader: BodyReader, maxEventBytes: number): { read(): Promise<ServerEventBatch> } {
  const decoder = new TextDecoder()
  let batch: EventSourceMessage[] = []
  let failure: ChatError | undefined
  const refuse = (text: string): void => {
    failure ??= tooLargeError(maxEventBytes, text)
  }
  const parser = createParser({
    maxBufferSize: parserBufferLimit(maxEventBytes),
    onEvent(message) {
      if (failure) return
      const { data, event = '', id = '' } = message
      if (exceedsBytes(data, maxEventBytes) || exceedsBytes(event, maxEventBytes) || exceedsBytes(id, maxEventBytes)) refuse(data)
      else batch.push(message)
    },
    onComment(comment) {
      if (exceedsBytes(comment, maxEventBytes)) refuse(comment)
    },
    // Unknown fields and invalid `retry` values are otherwise ignored, as the SSE spec asks.
    onError(error) {
      if (error.type === 'max-buffer-size-exceeded' || exceedsBytes(error.line ?? '', maxEventBytes)) refuse('')
    },
  })

  const read = async (): Promise<ServerEventBatch> => {
    const chunk = await reader.read()
    if (!chunk.ok) return { messages: [], end: chunk.error }
    // eventsource-parser drops a last event that has no blank line after it; the API's final event
    // must not be lost, so the end of the body is treated as one.
    parser.feed(chunk.value ? decoder.decode(chunk.value, { stream: true }) : `${decoder.decode()}\n\n`)
    const messages = batch
    batch = []
    if (failure) reader.cancel()
    return { messages, end: failure ?? (chunk.value ? undefined : 'done') }
  }
  return { read }
}
