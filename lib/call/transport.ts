import { createFetch } from 'ofetch'
import { cancelQuietly } from './body-reader'
import { stopError, type ChatCall } from './call-context'
import type { ResolvedConfig } from './config'
import { networkError, type ChatError } from '../errors'
import { createAttemptHooks } from './hooks'
import { describeError } from '../internal/describe-error'
import { redactText } from '../internal/redact'
import { fail, ok, type Result } from '../internal/result'
import type { ChatRequest } from './request'

/** Whether `value` is used like a `Response`; duck-typed, since a polyfill's or another realm's fails `instanceof`. */
const isResponse = (value: unknown): value is Response =>
  typeof (value as Response | null)?.status === 'number' && typeof (value as Response).headers?.get === 'function'

/** Names what a custom fetch resolved to, without printing it: it may be anything. */
const describeValue = (value: unknown): string =>
  value === null || value === undefined ? String(value) : typeof value === 'object' ? 'an object' : `a ${typeof value}`

/** Headers that say who is asking and in which formats; no caller header or hook replaces them. */
const OWN_HEADERS = ['authorization', 'content-type', 'accept']

/**
 * Sends one attempt through ofetch, over `config.fetch` or the platform's `fetch`, and resolves with
 * the response once its headers arrived, whatever its status. The user's hooks run as ofetch's
 * interceptors; `fetchOptions` go to `fetch` as they are.
 */
export async function sendRequest(config: ResolvedConfig, request: ChatRequest, call: ChatCall): Promise<Result<Response, ChatError>> {
  // A call stopped before it was sent, such as by an abort while the key function ran, calls no hook
  // and no fetch: ofetch would call both before it looked at the signal.
  if (call.reason) return fail(stopError(call.reason))
  // Looked up per call, not at import time, so a polyfill or a test's replacement is honoured.
  const fetch = config.fetch ?? globalThis.fetch
  const hooks = createAttemptHooks(config.hooks, request, config.fetchOptions, call.signal, config.apiKey)
  // Set when fetch resolved to something other than a Response: the package's own words, not fetch's.
  let notAResponse: string | undefined
  const $fetch = createFetch({
    // The last word before the network: whatever ofetch, a hook or fetchOptions did, the package's
    // own fields are sent. 'manual', not 'follow': a redirect would carry the body and the caller's
    // headers (a proxy's key) to whatever origin it names; 'error' is refused by Cloudflare Workers.
    // fetchOptions join here, not ofetch's options, so a field named like one of those (`query`,
    // `baseURL`, `onRequest`) can't change what ofetch does.
    fetch: async (input, init) => {
      // A call stopped while an onRequest hook ran sends nothing: ofetch calls fetch after its hooks whatever the signal says.
      call.signal.throwIfAborted()
      const headers = new Headers(init?.headers)
      for (const name of OWN_HEADERS) headers.set(name, request.headers.get(name)!)
      const own = { method: 'POST', headers, body: request.body, signal: call.signal, redirect: 'manual' } as const
      const response: unknown = await fetch(input, { ...config.fetchOptions, ...init, ...own } as RequestInit)
      // Checked before ofetch reads it, which would fail with a message about its own internals.
      if (isResponse(response)) return response
      notAResponse = `fetch resolved to ${describeValue(response)}, not a Response`
      throw new TypeError(notAResponse)
    },
  })
  const timer = setTimeout(() => call.stop({ kind: 'timeout', phase: 'response', ms: config.timeoutMs }), config.timeoutMs)
  try {
    // Our own timeouts and retries: ofetch's timeout stops at the headers and is dropped when a signal is given; its retry ignores Retry-After and its wait cannot be aborted.
    const sent = $fetch.raw(request.path, {
      ...hooks.interceptors,
      baseURL: request.baseURL,
      method: 'POST',
      body: request.body,
      headers: request.headers,
      signal: call.signal,
      redirect: 'manual',
      responseType: 'stream',
      ignoreResponseError: true,
      retry: false,
    })
    const response = await untilAborted(sent, call.signal)
    // Browsers hide a manual redirect as an opaque response with status 0; other runtimes show the 3xx.
    const redirected = response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)
    return redirected ? fail(redirectError(response, config.apiKey)) : ok(response)
  } catch (error) {
    // What fetch threw may quote the request, the key included; the URL is the caller's baseURL.
    const reason = notAResponse ?? redactText(describeError(unwrapFetchError(error)), config.apiKey)
    return fail(call.reason ? stopError(call.reason) : (hooks.failure ?? networkError(`No response from ${request.url}: ${reason}`)))
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Returns what fetch threw, out of the FetchError that ofetch wraps it in: its cause is the short,
 * useful part. What a custom fetch or a hook throws may be anything, its getters included, so reading
 * it may throw; then it is returned as it is, for `describeError` to read what it can.
 */
function unwrapFetchError(error: unknown): unknown {
  try {
    return (error as Error | undefined)?.name === 'FetchError' ? ((error as Error).cause ?? error) : error
  } catch {
    return error
  }
}

/**
 * Settles as `sent` does, or rejects as soon as `signal` aborts: a hook that never settles, or a
 * custom fetch that ignores the signal, must not hold the call. A response that comes too late is cancelled.
 */
function untilAborted(sent: Promise<Response>, signal: AbortSignal): Promise<Response> {
  return new Promise((resolve, reject) => {
    const stop = (): void => reject(signal.reason)
    if (signal.aborted) stop()
    signal.addEventListener('abort', stop, { once: true })
    sent.then(
      (response) => {
        signal.removeEventListener('abort', stop)
        if (signal.aborted) cancelQuietly(() => response.body?.cancel())
        resolve(response)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', stop)
        reject(error)
      },
    )
  })
}

/**
 * An `http` error for a redirect that was not followed, naming its target when the runtime shows it.
 * The target is the server's text, so `secret` is removed from it.
 */
function redirectError(response: Response, secret: string): ChatError {
  cancelQuietly(() => response.body?.cancel())
  const { status, headers } = response
  const location = redactText(headers.get('location') ?? '', secret)
  const message = `The server answered ${status ? `${status}, ` : ''}a redirect${location ? ` to ${location}` : ''}, which is not followed: requests go only to baseURL`
  return { type: 'http', message, status, body: '' }
}
