import { truncate } from './internal/truncate'

/** Longest response text (in characters) kept in `http.body` and `invalid_response.raw`. */
export const MAX_ERROR_TEXT_LENGTH = 4096

/**
 * One reason the caller's config or input was refused. `path` is a dot path that starts with `config`,
 * `options` or `input`, such as `input.chatSession.messages.0.role`, or the name of the argument
 * (`events` of `collectChatResult`): it is never empty.
 */
export interface InputIssue {
  path: string
  /** Reads after the path: `is required: a non-empty string`, `must be true or false`. */
  message: string
}

/** One entry of a FastAPI 422 `detail` list. */
export interface ValidationErrorDetail {
  loc: Array<string | number>
  msg: string
  type: string
}

/** The config or input failed validation; nothing was sent. */
export interface InvalidInputError {
  type: 'invalid_input'
  message: string
  issues: InputIssue[]
}

/** The server refused the request body (422). */
export interface HttpValidationError {
  type: 'http_validation'
  message: string
  status: 422
  detail: ValidationErrorDetail[]
}

/** Any other non-2xx response. */
export interface HttpError {
  type: 'http'
  message: string
  status: number
  /** The response body as text, at most `MAX_ERROR_TEXT_LENGTH` characters. */
  body: string
  /** From the `Retry-After` header, when the server sent a valid one. */
  retryAfterMs?: number | undefined
}

/** No response arrived: connection refused or reset, DNS failure, a `fetch` that threw. */
export interface NetworkError {
  type: 'network'
  message: string
}

/**
 * `phase: 'response'`: no headers within `timeoutMs`; `'idle'`: no body bytes within `idleTimeoutMs`;
 * `'total'`: the whole call took longer than `totalTimeoutMs`.
 */
export interface TimeoutError {
  type: 'timeout'
  message: string
  phase: 'response' | 'idle' | 'total'
  ms: number
}

/** The caller's `signal` fired. */
export interface AbortedError {
  type: 'aborted'
  message: string
}

/** A 200 that is neither SSE nor JSON, malformed JSON, an event that fails its schema or exceeds `maxEventBytes`. */
export interface InvalidResponseError {
  type: 'invalid_response'
  message: string
  /** The offending text, at most `MAX_ERROR_TEXT_LENGTH` characters. */
  raw: string
}

/** The connection broke after some events were delivered; those events stay delivered. */
export interface StreamInterruptedError {
  type: 'stream_interrupted'
  message: string
  eventsReceived: number
}

/** A hook in `config.hooks` threw or rejected; the call ends, without a retry. */
export interface HookError {
  type: 'hook'
  message: string
  hook: 'onRequest' | 'onRequestError' | 'onResponse' | 'onResponseError'
}

export type ChatError =
  | InvalidInputError
  | HttpValidationError
  | HttpError
  | NetworkError
  | TimeoutError
  | AbortedError
  | InvalidResponseError
  | StreamInterruptedError
  | HookError

export const invalidInputError = (issues: InputIssue[]): InvalidInputError => ({
  type: 'invalid_input',
  // `input.stream must be true or false`: each issue's message reads on from its path.
  message: `Invalid input: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`,
  issues,
})

export const httpValidationError = (detail: ValidationErrorDetail[]): HttpValidationError => ({
  type: 'http_validation',
  message: `The server rejected the request (422): ${detail.map((d) => `${d.loc.join('.')}: ${d.msg}`).join('; ')}`,
  status: 422,
  detail,
})

/** `reason` is what the message quotes, when the body says more than it should: by default the body's start. */
export const httpError = (status: number, body: string, retryAfterMs?: number, reason: string = body): HttpError => {
  const kept = truncate(body, MAX_ERROR_TEXT_LENGTH)
  const said = truncate(reason, MAX_ERROR_TEXT_LENGTH).trim()
  const summary = said ? `: ${truncate(said, 200)}` : ''
  const error: HttpError = { type: 'http', message: `The server answered ${status}${summary}`, status, body: kept }
  if (retryAfterMs !== undefined) error.retryAfterMs = retryAfterMs
  return error
}

/** `message` says what failed, such as `No response from https://…: fetch failed: ECONNREFUSED`. */
export const networkError = (message: string): NetworkError => ({ type: 'network', message })

const TIMEOUT_MESSAGES = { response: 'No response headers within', idle: 'No response bytes for', total: 'The call did not finish within' }

export const timeoutError = (phase: TimeoutError['phase'], ms: number): TimeoutError => ({
  type: 'timeout',
  message: `${TIMEOUT_MESSAGES[phase]} ${ms} ms`,
  phase,
  ms,
})

export const abortedError = (): AbortedError => ({ type: 'aborted', message: 'The request was aborted by the caller' })

export const invalidResponseError = (problem: string, raw: string): InvalidResponseError => ({
  type: 'invalid_response',
  message: `Invalid response: ${problem}`,
  raw: truncate(raw, MAX_ERROR_TEXT_LENGTH),
})

export const streamInterruptedError = (eventsReceived: number, reason: string): StreamInterruptedError => ({
  type: 'stream_interrupted',
  message: `The stream broke after ${eventsReceived} event${eventsReceived === 1 ? '' : 's'}: ${reason}`,
  eventsReceived,
})

/** `reason` says what the hook threw, such as `Error: no trace id`. */
export const hookError = (hook: HookError['hook'], reason: string): HookError => ({
  type: 'hook',
  message: `The ${hook} hook failed: ${reason}`,
  hook,
})
