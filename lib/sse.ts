import { createParser, type EventSourceMessage } from 'eventsource-parser'
import type { BodyReader } from './body-reader'
import { invalidResponseError, type ChatError } from './errors'
import { utf8ByteLength } from './internal/utf8'

/**
 * The parser's own limit counts characters buffered across chunks, including each line's `data: `
 * prefix; this slack keeps it from firing before the exact per-event check below does.
 */
const PARSER_BUFFER_SLACK = 1024

const tooLargeError = (maxEventBytes: number, start: string): ChatError =>
  invalidResponseError(`an SSE event is larger than maxEventBytes (${maxEventBytes} bytes)`, start)

/** Whether `data` exceeds `maxBytes` in UTF-8; counts bytes only when characters alone can't tell. */
const exceedsBytes = (data: string, maxBytes: number): boolean =>
  data.length > maxBytes || (data.length * 3 > maxBytes && utf8ByteLength(data) > maxBytes)

/**
 * Decodes an SSE body with eventsource-parser, yielding the messages completed by each chunk as
 * one batch. Returns `undefined` at the end of the body, or the error that ended reading early.
 */
export async function* readServerEvents(
  reader: BodyReader,
  maxEventBytes: number,
): AsyncGenerator<EventSourceMessage[], ChatError | undefined, undefined> {
  const decoder = new TextDecoder()
  let batch: EventSourceMessage[] = []
  let failure: ChatError | undefined
  const parser = createParser({
    maxBufferSize: maxEventBytes + PARSER_BUFFER_SLACK,
    onEvent(message) {
      if (failure) return
      if (exceedsBytes(message.data, maxEventBytes)) failure = tooLargeError(maxEventBytes, message.data.slice(0, 256))
      else batch.push(message)
    },
    // Unknown fields and invalid `retry` values are ignored, as the SSE spec asks; only the size limit ends a stream.
    onError(error) {
      if (error.type === 'max-buffer-size-exceeded') failure ??= tooLargeError(maxEventBytes, '')
    },
  })

  for (;;) {
    const chunk = await reader.read()
    if (!chunk.ok) return chunk.error
    // eventsource-parser drops a last event that has no blank line after it; the API's final event
    // must not be lost, so the end of the body is treated as one.
    parser.feed(chunk.value ? decoder.decode(chunk.value, { stream: true }) : `${decoder.decode()}\n\n`)
    if (batch.length > 0) {
      const completed = batch
      batch = []
      yield completed
    }
    if (failure) {
      reader.cancel()
      return failure
    }
    if (!chunk.value) return undefined
  }
}
