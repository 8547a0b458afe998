import type { ChatError } from '../errors'

// What a relay tells a page about an error by default. An error's text can hold what only the server
// should know: an internal URL (`No response from http://10.0.0.7/…`), what a key function or a hook
// threw, a body the API sent. The AI SDK masks error text on its way to the page for the same reason
// (https://ai-sdk.dev/docs/ai-sdk-ui/error-handling); a route that wants the details passes `onError`.

/** One sentence per error type, which says what happened without saying where or why. */
const GENERIC_MESSAGES: Record<ChatError['type'], string> = {
  invalid_input: 'The chat request was not valid.',
  http_validation: 'The chat service refused the request.',
  http: 'The chat service answered with an error.',
  network: 'The chat service could not be reached.',
  timeout: 'The chat service did not answer in time.',
  aborted: 'The request was cancelled.',
  invalid_response: 'The chat service sent an answer that could not be read.',
  stream_interrupted: 'The answer broke off before its end.',
  hook: 'The chat request failed.',
}

/** The type of `error` when it is a known one; the events of a caller's own iterable may hold anything. */
function typeOf(error: unknown): ChatError['type'] | undefined {
  try {
    const type = (error as ChatError).type
    return Object.hasOwn(GENERIC_MESSAGES, type) ? type : undefined
  } catch {
    return undefined
  }
}

/** A field of `error` that is a number, or `fallback`: a page may rely on the field being there. */
function numberField(error: ChatError, name: string, fallback: number): number {
  try {
    const value = (error as unknown as Record<string, unknown>)[name]
    return typeof value === 'number' ? value : fallback
  } catch {
    return fallback
  }
}

/** A field of `error` that is one of `allowed`, or the first of them. */
function pickField<T extends string>(error: ChatError, name: string, allowed: readonly T[]): T {
  try {
    const value = (error as unknown as Record<string, unknown>)[name]
    return allowed.includes(value as T) ? (value as T) : allowed[0]!
  } catch {
    return allowed[0]!
  }
}

/**
 * Returns `error` as a page may see it: the same `type` and the fields a page acts on (`status`,
 * `retryAfterMs`, `eventsReceived`, `phase`, `ms`, `hook`), a generic `message`, and every field that
 * holds outside text emptied (`body`, `raw`, `detail`, `issues`). Never throws, whatever `error` is.
 */
export function maskChatError(error: unknown): ChatError {
  const type = typeOf(error)
  if (type === undefined) return { type: 'network', message: GENERIC_MESSAGES.network }
  const known = error as ChatError
  const message = GENERIC_MESSAGES[type]
  switch (type) {
    case 'invalid_input':
      return { type, message, issues: [] }
    case 'http_validation':
      return { type, message, status: 422, detail: [] }
    case 'http': {
      const masked: ChatError = { type, message, status: numberField(known, 'status', 0), body: '' }
      const retryAfterMs = numberField(known, 'retryAfterMs', -1)
      if (retryAfterMs >= 0) masked.retryAfterMs = retryAfterMs
      return masked
    }
    case 'timeout':
      return { type, message, phase: pickField(known, 'phase', ['response', 'idle', 'total'] as const), ms: numberField(known, 'ms', 0) }
    case 'invalid_response':
      return { type, message, raw: '' }
    case 'stream_interrupted':
      return { type, message, eventsReceived: numberField(known, 'eventsReceived', 0) }
    case 'hook':
      return { type, message, hook: pickField(known, 'hook', ['onRequest', 'onRequestError', 'onResponse', 'onResponseError'] as const) }
    default:
      return { type, message }
  }
}

/** The text a page gets for `error` by default: its generic message. */
export const maskedErrorText = (error: unknown): string => maskChatError(error).message
