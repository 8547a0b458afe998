import { readText, type BodyReader } from '../../call/body-reader'
import { httpError, httpValidationError, invalidResponseError, MAX_ERROR_TEXT_LENGTH, type ChatError, type ValidationErrorDetail } from '../../errors'
import { redactText } from '../../internal/redact'
import { fail, ok, type Result } from '../../internal/result'
import { parseJsonWith } from '../../schemas/parse-json'
import { parseRetryAfter } from '../../call/retry'
import { ChatResultSchema, ValidationErrorBodySchema } from './event-schemas'
import type { ChatEvent } from '../../types'

/** A 422 `detail` list can be long; read this much of an error body before giving up on parsing it. */
const MAX_ERROR_BODY_READ = 64 * 1024

/** Returns the media type of a response, lower-cased and without parameters (`text/event-stream`). */
export const mediaTypeOf = (response: Response): string =>
  (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()

/** `application/json` and any `+json` type, such as `application/problem+json`. */
export const isJsonMediaType = (type: string): boolean => type === 'application/json' || type.endsWith('+json')

// Everything read here is the server's text, which may echo the key: each function removes `secret`
// from it before it enters an error, and only from it, so the package's own wording stays whole.

/** A 422 `detail` with `secret` removed from every string; numbers in `loc` are indexes. */
const redactDetail = (detail: ValidationErrorDetail[], secret: string): ValidationErrorDetail[] =>
  detail.map(({ loc, msg, type }) => ({
    loc: loc.map((part) => (typeof part === 'string' ? redactText(part, secret) : part)),
    msg: redactText(msg, secret),
    type: redactText(type, secret),
  }))

/** Returns the error for a non-2xx response: `http_validation` for a FastAPI 422, otherwise `http`. */
export async function readErrorResponse(response: Response, reader: BodyReader, secret = ''): Promise<ChatError> {
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'))
  const read = await readErrorText(reader, MAX_ERROR_BODY_READ)
  if (!read.ok) return read.error
  const text = read.value
  if (response.status === 422) {
    // Parsed before redaction: a key with a quote in it, once replaced, could change what the JSON says.
    const parsed = parseJsonWith(ValidationErrorBodySchema, text)
    if (parsed.ok) return httpValidationError(redactDetail(parsed.value.detail, secret))
  }
  return httpError(response.status, redactText(text, secret), retryAfterMs)
}

/** Reads a JSON 200 body into one `chat_result` event. */
export async function readChatResult(reader: BodyReader, maxBytes: number, secret = ''): Promise<Result<ChatEvent, ChatError>> {
  const read = await readText(reader, maxBytes)
  if (!read.ok) return read
  const { text, complete } = read.value
  if (!complete) return fail(invalidResponseError(`the JSON body is larger than maxEventBytes (${maxBytes} bytes)`, redactText(text, secret)))
  const parsed = parseJsonWith(ChatResultSchema, text, secret)
  if (!parsed.ok) return fail(invalidResponseError(`chat result: ${parsed.error}`, redactText(text, secret)))
  return ok({ event: 'chat_result', data: parsed.value })
}

/** Returns the error for a 2xx response that is neither SSE nor JSON, with the start of its body. */
export async function readUnexpectedContent(mediaType: string, reader: BodyReader, secret = ''): Promise<ChatError> {
  const read = await readErrorText(reader, MAX_ERROR_TEXT_LENGTH)
  if (!read.ok) return read.error
  const got = mediaType ? `"${redactText(mediaType, secret)}"` : 'no content type'
  return invalidResponseError(`expected text/event-stream or application/json, got ${got}`, redactText(read.value, secret))
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
