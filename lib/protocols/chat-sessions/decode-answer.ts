import type { Redact } from '../../call/protocol'
import { httpError, httpValidationError, invalidResponseError, type ChatError, type ValidationErrorDetail } from '../../errors'
import { fail, ok, type Result } from '../../internal/result'
import { parseJsonWith } from '../../schemas/parse-json'
import { ChatResultSchema, ValidationErrorBodySchema } from './event-schemas'
import type { ChatEvent } from '../../types'

// Whole bodies the API sends: a JSON answer, and the body of an error. Each is the server's text, which
// may echo the key: `redact` removes it before the text enters an error, and only from that text, so
// the package's own wording stays whole.

/** A 422 `detail` with the key removed from every string; numbers in `loc` are indexes. */
const redactDetail = (detail: ValidationErrorDetail[], redact: Redact): ValidationErrorDetail[] =>
  detail.map(({ loc, msg, type }) => ({
    loc: loc.map((part) => (typeof part === 'string' ? redact(part) : part)),
    msg: redact(msg),
    type: redact(type),
  }))

/** The error for a non-2xx answer: `http_validation` for a FastAPI 422, otherwise `http`. */
export function decodeErrorAnswer(status: number, text: string, retryAfterMs: number | undefined, redact: Redact): ChatError {
  if (status === 422) {
    // Parsed before redaction: a key with a quote in it, once replaced, could change what the JSON says.
    const parsed = parseJsonWith(ValidationErrorBodySchema, text)
    if (parsed.ok) return httpValidationError(redactDetail(parsed.value.detail, redact))
  }
  return httpError(status, redact(text), retryAfterMs)
}

/** A JSON 2xx body as its one `chat_result` event. */
export function decodeChatResult(text: string, redact: Redact): Result<ChatEvent[], ChatError> {
  const parsed = parseJsonWith(ChatResultSchema, text, redact)
  if (!parsed.ok) return fail(invalidResponseError(`chat result: ${parsed.error}`, redact(text)))
  return ok([{ event: 'chat_result', data: parsed.value }])
}
