import * as v from 'valibot'
import { openBodyReader } from '../call/body-reader'
import { createCallContext } from '../call/call-context'
import { toInputIssues } from '../call/config'
import { deliverCall, type Delivery } from '../call/deliver-events'
import { readResponse } from '../call/read-response'
import { readServerEvents } from '../call/sse-reader'
import { invalidInputError, type ChatError } from '../errors'
import { isResponse } from '../internal/is-response'
import { fail, ok, type Result } from '../internal/result'
import { ReadChatEventsOptionsSchema } from './options-schemas'
import { createRelayProtocol } from './relay-protocol'
import type { ChatEvent, ReadChatEventsOptions } from '../types'

const isStream = (source: unknown): source is ReadableStream<Uint8Array> => typeof (source as ReadableStream | null)?.getReader === 'function'

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
export function readChatEvents(source: Response | ReadableStream<Uint8Array>, options: ReadChatEventsOptions = {}): AsyncGenerator<ChatEvent, void, undefined> {
  return deliverCall(() => startReading(source, options))
}

/** Checks the source and the options, then reads the one attempt there is: nothing is retried. */
async function startReading(source: Response | ReadableStream<Uint8Array>, options: ReadChatEventsOptions): Promise<Result<Delivery, ChatError>> {
  const checked = v.safeParse(ReadChatEventsOptionsSchema, options, { abortPipeEarly: true })
  const body = isStream(source) ? source : isResponse(source) ? source.body : undefined
  if (!checked.success || body === undefined || body?.locked) {
    const issues = checked.success ? [] : toInputIssues(checked.issues, 'options')
    // Worded as a schema's `describeRule` words a required field (schemas/rule-messages.ts).
    if (body === undefined) issues.unshift({ path: 'source', message: `${source === undefined ? 'is required:' : 'must be'} a Response or a ReadableStream` })
    else if (body?.locked) issues.unshift({ path: 'source', message: 'must be a body nobody is reading yet' })
    else body?.cancel().catch(() => {})
    return fail(invalidInputError(issues))
  }
  const { signal, idleTimeoutMs, maxEventBytes } = checked.output
  const call = createCallContext({ signal, timeouts: { idleMs: idleTimeoutMs } })
  const response = source === body ? undefined : (source as Response)
  const url = response?.url || 'the server'
  const protocol = createRelayProtocol(url)
  const open = async () => {
    const reader = openBodyReader(body, call, url)
    if (response) return readResponse(response, reader, call, { protocol, maxEventBytes, url })
    return readServerEvents(reader, { maxEventBytes, decoder: protocol.createStreamDecoder(call.redact), redact: call.redact, keepUnterminatedLastEvent: false })
  }
  return ok({ call, open, retry: async () => false })
}
