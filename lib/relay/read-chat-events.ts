import * as v from 'valibot'
import { openBodyReader, readText, type BodyReader } from '../call/body-reader'
import { createChatCall, stopError } from '../call/call-context'
import { toInputIssues } from '../call/config'
import { invalidInputError, invalidResponseError, MAX_ERROR_TEXT_LENGTH, networkError, streamInterruptedError, type ChatError } from '../errors'
import { parseChatEvent } from './decode-relay-event'
import { mediaTypeOf, readErrorResponse } from '../protocols/chat-sessions/read-response'
import { ReadChatEventsOptionsSchema } from './options-schemas'
import { createServerEventReader } from '../call/sse-reader'
import type { ChatErrorEvent, ChatEvent, ReadChatEventsOptions } from '../types'

const isStream = (source: unknown): source is ReadableStream<Uint8Array> => typeof (source as ReadableStream | null)?.getReader === 'function'
const isResponse = (source: unknown): source is Response => isStream((source as Response | null)?.body) || (source as Response | null)?.body === null

/**
 * Reads a stream written by `toEventStream` (or `toEventStreamResponse`) and yields its events with
 * the guarantees of `createChatSession`: each event validated as a `ChatEvent`, at most one `error`,
 * always last, nothing thrown. The stream's `done` message ends the events and is not yielded; a
 * body that ends without it was cut short, and ends like a broken connection: `stream_interrupted`
 * after some events, `network` before any. Leaving the loop or aborting `options.signal` cancels the
 * body. A non-2xx `Response` gives `http`, one that is not `text/event-stream` `invalid_response`.
 * One attempt: nothing is retried. Nothing is read before the first `next()`.
 *
 * @example
 * ```ts
 * const response = await fetch('/api/chat', { method: 'POST', body: JSON.stringify({ question: 'Hi?' }) })
 * for await (const item of readChatEvents(response)) {
 *   if (item.event === 'message_chunk') console.log(item.data.contentChunk)
 *   if (item.event === 'error') console.error(item.error.message)
 * }
 * ```
 */
export async function* readChatEvents(source: Response | ReadableStream<Uint8Array>, options: ReadChatEventsOptions = {}): AsyncGenerator<ChatEvent, void, undefined> {
  const checked = v.safeParse(ReadChatEventsOptionsSchema, options, { abortPipeEarly: true })
  const body = isStream(source) ? source : isResponse(source) ? source.body : undefined
  if (!checked.success || body === undefined || body?.locked) {
    const issues = checked.success ? [] : toInputIssues(checked.issues, 'options')
    // Worded as a schema's `describeRule` words a required field (schemas/rule-messages.ts).
    if (body === undefined) issues.unshift({ path: 'source', message: `${source === undefined ? 'is required:' : 'must be'} a Response or a ReadableStream` })
    else if (body?.locked) issues.unshift({ path: 'source', message: 'must be a body nobody is reading yet' })
    else body?.cancel().catch(() => {})
    yield errorEvent(invalidInputError(issues))
    return
  }
  const { signal, idleTimeoutMs, maxEventBytes } = checked.output
  const call = createChatCall(signal)
  const response = source === body ? undefined : (source as Response)
  const url = response?.url || 'the server'
  const reader = openBodyReader(body, call, idleTimeoutMs, url)
  let delivered = 0
  let failure: ChatError | undefined
  let finished = false
  try {
    failure = response && (await refusalOf(response, reader))
    // toEventStream ends every message with its blank line: one without it was cut short.
    const events = createServerEventReader(reader, { maxEventBytes, decode: parseChatEvent, keepUnterminatedLastEvent: false })
    while (!failure && !finished && !call.reason) {
      const { messages, end } = await events.read()
      // After an abort or a timeout, events still buffered from the last chunk are not handed out.
      for (let index = 0; index < messages.length && !call.reason && !failure && !finished; index++) {
        const event = messages[index]!
        // `done` ends the stream; anything after it is not read.
        if (event.event === 'done') finished = true
        // The error the stream carries ends it: it is handed out below, as the last event.
        else if (event.event === 'error') failure = event.error
        else {
          delivered++
          yield event
        }
      }
      if (finished || !end) continue
      const error = end === 'done' ? networkError(`Connection to ${url} closed before the stream's done event`) : end
      failure ??= error.type === 'network' && delivered > 0 ? streamInterruptedError(delivered, error.message) : error
    }
    if (call.reason) failure = stopError(call.reason)
  } finally {
    // After `break`, `return()` or an error the body is cancelled, which frees the connection.
    reader.cancel()
    call.dispose()
  }
  // Yielded after `finally`: the connection and the idle timer are freed before the caller sees the
  // error, and the caller may never call next() again.
  if (failure) yield errorEvent(failure)
}

const errorEvent = (error: ChatError): ChatErrorEvent => ({ event: 'error', error })

/** Why a response can't be read as events: a non-2xx status, or a type other than SSE. */
async function refusalOf(response: Response, reader: BodyReader): Promise<ChatError | undefined> {
  if (!response.ok) return readErrorResponse(response, reader)
  const mediaType = mediaTypeOf(response)
  if (mediaType === 'text/event-stream') return undefined
  const read = await readText(reader, MAX_ERROR_TEXT_LENGTH)
  if (!read.ok) return read.error
  reader.cancel()
  return invalidResponseError(`expected text/event-stream, got ${mediaType ? `"${mediaType}"` : 'no content type'}`, read.value.text)
}
