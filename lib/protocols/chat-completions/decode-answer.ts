import type { Redact } from '../../call/protocol'
import { httpError, invalidResponseError, networkError, type ChatError } from '../../errors'
import { fail, ok, type Result } from '../../internal/result'
import { truncate } from '../../internal/truncate'
import { parseJsonOrUndefined, parseJsonWith } from '../../schemas/parse-json'
import type { ChatEvent } from '../../types'
import { decodeErrorAnswer } from '../chat-sessions/decode-answer'
import { CompletionSchema, errorMessageOf } from './chunk-schemas'
import { toolCallEvent } from './tool-results'

// Whole bodies the v1 API sends: a JSON answer, and the body of an error. As in v0, `redact` removes
// the key from the server's text before it enters an error.

/**
 * The error for a non-2xx answer: an `http` error whose message is the server's own, from OpenAI's
 * `{ error: { message } }`; any other body is read as v0's are (a FastAPI 422 included).
 */
export function decodeCompletionError(status: number, text: string, retryAfterMs: number | undefined, redact: Redact): ChatError {
  // Parsed before redaction: a key with a quote in it, once replaced, could change what the JSON says.
  const reason = errorMessageOf(parseJsonOrUndefined(text))
  if (reason === undefined || !reason.trim()) return decodeErrorAnswer(status, text, retryAfterMs, redact)
  return httpError(status, redact(text), retryAfterMs, redact(reason))
}

/**
 * A JSON 2xx answer (`stream: false`) as the events a stream of it would give: its tool calls' events
 * in order, then its content as one `message_chunk` carrying the finish reason, last as in a stream.
 */
export function decodeCompletion(text: string, redact: Redact): Result<ChatEvent[], ChatError> {
  const parsed = parseJsonWith(CompletionSchema, text, redact)
  if (!parsed.ok) {
    const reason = errorMessageOf(parseJsonOrUndefined(text))
    if (reason !== undefined) return fail(networkError(`The server answered with an error: ${truncate(redact(reason), 200)}`))
    return fail(invalidResponseError(`chat completion: ${parsed.error}`, redact(text)))
  }
  const { message, finish_reason: finishReason } = parsed.value.choices[0]!
  const events: ChatEvent[] = (message.tool_calls ?? []).map((call) =>
    toolCallEvent({ id: call.id, name: call.function.name, argumentsText: call.function.arguments }),
  )
  const contentChunk = message.content ?? ''
  events.push({ event: 'message_chunk', data: finishReason == null ? { contentChunk } : { contentChunk, finishReason } })
  return ok(events)
}
