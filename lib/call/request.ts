import type { ResolvedConfig } from './config'
import type { PreparedRequest } from './protocol'

/** What every attempt of a call sends, stated once: built before the first attempt and resent as is. */
export interface CallRequest {
  baseURL: string
  /** The API path, such as `/v0/chat_sessions/chat_results`; ofetch joins it to `baseURL`. */
  path: string
  /** `baseURL` and `path` joined, for messages and hooks. */
  url: string
  headers: Headers
  /** The JSON text, serialized once. */
  body: string
}

/** Headers that say who is asking and in which formats; no caller header or hook replaces them. */
const OWN_HEADERS = ['authorization', 'content-type', 'accept'] as const

/**
 * Returns the request for a validated input. Pure: no I/O. The caller's headers go first so that they
 * can never replace the key or the negotiated formats.
 */
export function buildRequest(config: ResolvedConfig, prepared: PreparedRequest): CallRequest {
  const headers = new Headers(config.headers)
  headers.set('authorization', `Bearer ${config.apiKey}`)
  headers.set('content-type', 'application/json')
  headers.set('accept', prepared.stream ? 'text/event-stream' : 'application/json')
  const { baseURL } = config
  return { baseURL, path: prepared.path, url: `${baseURL}${prepared.path}`, headers, body: JSON.stringify(prepared.body) }
}

/**
 * The last word before the network: whatever ofetch, a hook or `fetchOptions` did to `init`, the
 * package's own fields are what is sent. `redirect: 'manual'`, not 'follow': a redirect would carry
 * the body and the caller's headers (a proxy's key) to whatever origin it names; 'error' is refused by
 * Cloudflare Workers.
 */
export function applyOwnFields(request: CallRequest, init: RequestInit | undefined, signal: AbortSignal): RequestInit {
  const headers = new Headers(init?.headers)
  for (const name of OWN_HEADERS) headers.set(name, request.headers.get(name)!)
  return { ...init, method: 'POST', headers, body: request.body, signal, redirect: 'manual' }
}
