import type { ResolvedConfig } from './config'
import type { PreparedInput } from '../protocols/chat-sessions/input-schemas'

/** What one attempt sends; built once per call and reused by every retry. */
export interface ChatRequest {
  baseURL: string
  /** The API path, such as `/v0/chat_sessions/chat_results`; ofetch joins it to `baseURL`. */
  path: string
  /** `baseURL` and `path` joined, for messages and hooks. */
  url: string
  headers: Headers
  /** The JSON text, serialized once and resent as is by each retry. */
  body: string
}

/**
 * Returns the URL, headers and JSON body for a validated input. Pure: no I/O.
 * The caller's headers go first so that they can never replace the key or the negotiated formats.
 */
export function buildRequest(config: ResolvedConfig, input: PreparedInput): ChatRequest {
  const headers = new Headers(config.headers)
  headers.set('authorization', `Bearer ${config.apiKey}`)
  headers.set('content-type', 'application/json')
  headers.set('accept', input.stream ? 'text/event-stream' : 'application/json')
  return { baseURL: config.baseURL, path: input.path, url: `${config.baseURL}${input.path}`, headers, body: JSON.stringify(input.body) }
}
