import { readText, type BodyReader } from './body-reader'
import type { CallContext } from './call-context'
import type { Protocol } from './protocol'
import { parseRetryAfter } from './retry'
import { readServerEvents, type EventBatches, type ServerEventEnd } from './sse-reader'
import { invalidResponseError, MAX_ERROR_TEXT_LENGTH, type ChatError } from '../errors'
import { ok, type Result } from '../internal/result'
import type { ChatEvent } from '../types'

/** A 422 `detail` list can be long; read this much of an error body before giving up on parsing it. */
const MAX_ERROR_BODY_READ = 64 * 1024

/** Returns the media type of a response, lower-cased and without parameters (`text/event-stream`). */
const mediaTypeOf = (response: Response): string =>
  (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()

/** `application/json` and any `+json` type, such as `application/problem+json`. */
const isJsonMediaType = (type: string): boolean => type === 'application/json' || type.endsWith('+json')

/** Batches that hold all there is at once: an answer read whole, or the error that ended it. */
const readWhole = (end: ServerEventEnd, messages: readonly ChatEvent[] = []): EventBatches => ({ read: async () => ({ messages, end }) })

export interface ReadResponseOptions {
  protocol: Protocol
  maxEventBytes: number
  /** Where the response came from, for messages. */
  url: string
}

/**
 * Reads one response as batches of events. Its status and content type decide how, whatever the
 * request asked for: a non-2xx body becomes the protocol's error, SSE its events as they arrive, JSON
 * (when the protocol answers JSON) its events at once; anything else is `invalid_response`.
 */
export async function readResponse(response: Response, reader: BodyReader, call: CallContext, options: ReadResponseOptions): Promise<EventBatches> {
  const { protocol, maxEventBytes } = options
  const { redact } = call
  if (!response.ok) {
    const text = await readErrorText(reader, MAX_ERROR_BODY_READ)
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'))
    return readWhole(text.ok ? protocol.decodeError(response.status, text.value, retryAfterMs, redact) : text.error)
  }
  const mediaType = mediaTypeOf(response)
  if (mediaType === 'text/event-stream') {
    const decoder = protocol.createStreamDecoder(redact)
    return readServerEvents(reader, { maxEventBytes, decoder, redact, keepUnterminatedLastEvent: protocol.keepUnterminatedLastEvent })
  }
  const { decodeJson } = protocol
  if (!decodeJson || !isJsonMediaType(mediaType)) return readWhole(await unexpectedContentError(mediaType, reader, call, decodeJson ? 'text/event-stream or application/json' : 'text/event-stream'))
  const read = await readText(reader, maxEventBytes)
  if (!read.ok) return readWhole(read.error)
  const { text, complete } = read.value
  if (!complete) return readWhole(invalidResponseError(`the JSON body is larger than maxEventBytes (${maxEventBytes} bytes)`, redact(text)))
  const decoded = decodeJson(text, redact)
  return decoded.ok ? readWhole('done', decoded.value) : readWhole(decoded.error)
}

/** The error for a 2xx response of a type the protocol does not read, with the start of its body. */
async function unexpectedContentError(mediaType: string, reader: BodyReader, call: CallContext, expected: string): Promise<ChatError> {
  const read = await readErrorText(reader, MAX_ERROR_TEXT_LENGTH)
  if (!read.ok) return read.error
  reader.cancel()
  const got = mediaType ? `"${call.redact(mediaType)}"` : 'no content type'
  return invalidResponseError(`expected ${expected}, got ${got}`, call.redact(read.value))
}

/**
 * Returns the start of a body that explains an error. What matters is the error itself, so a body
 * that breaks off gives what arrived before the break (nothing); a timeout or an abort still wins.
 */
async function readErrorText(reader: BodyReader, maxChars: number): Promise<Result<string, ChatError>> {
  const read = await readText(reader, maxChars)
  if (read.ok) return ok(read.value.text)
  return read.error.type === 'network' ? ok('') : read
}
