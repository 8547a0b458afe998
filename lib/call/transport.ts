import { createFetch, type $Fetch } from 'ofetch'
import { cancelQuietly } from './body-reader'
import type { CallContext } from './call-context'
import type { ResolvedConfig } from './config'
import { createCallHooks } from './hooks'
import { applyOwnFields, type CallRequest } from './request'
import { networkError, type ChatError } from '../errors'
import { describeError } from '../internal/describe-error'
import { isResponse } from '../internal/is-response'
import { fail, ok, type Result } from '../internal/result'

/** Names what a custom fetch resolved to, without printing it: it may be anything. */
const describeValue = (value: unknown): string =>
  value === null || value === undefined ? String(value) : typeof value === 'object' ? 'an object' : `a ${typeof value}`

/** Sends the attempts of one call. */
export interface Transport {
  /** Sends one attempt; resolves once the response headers arrived, whatever the status. */
  send(): Promise<Result<Response, ChatError>>
}

/**
 * Returns the transport of one call: one ofetch instance over `config.fetch` or the platform's
 * `fetch`, the user's hooks as its interceptors, and the package's own fields applied last. Our own
 * timeouts and retries: ofetch's timeout stops at the headers and is dropped when a signal is given;
 * its retry ignores Retry-After and its wait cannot be aborted.
 */
export function createTransport(config: ResolvedConfig, request: CallRequest, call: CallContext): Transport {
  // Looked up per call, not at import time, so a polyfill or a test's replacement is honoured.
  const fetch = config.fetch ?? globalThis.fetch
  const hooks = createCallHooks(config.hooks, request, config.fetchOptions, call)
  // Set when fetch resolved to something other than a Response: the package's own words, not fetch's.
  let notAResponse: string | undefined
  const $fetch: $Fetch = createFetch({
    // fetchOptions join here, not ofetch's options, so a field named like one of those (`query`,
    // `baseURL`, `onRequest`) can't change what ofetch does.
    fetch: async (input, init) => {
      // A call stopped while an onRequest hook ran sends nothing: ofetch calls fetch after its hooks whatever the signal says.
      call.signal.throwIfAborted()
      const response: unknown = await fetch(input, applyOwnFields(request, { ...config.fetchOptions, ...init } as RequestInit, call.signal))
      // Checked before ofetch reads it, which would fail with a message about its own internals.
      if (isResponse(response)) return response
      notAResponse = `fetch resolved to ${describeValue(response)}, not a Response`
      throw new TypeError(notAResponse)
    },
  })

  async function send(): Promise<Result<Response, ChatError>> {
    // A call stopped before it was sent, such as by an abort while the key function ran, calls no hook
    // and no fetch: ofetch would call both before it looked at the signal.
    if (call.reason) return fail(call.stopError()!)
    hooks.reset()
    notAResponse = undefined
    const headersArrived = call.startResponseTimer()
    try {
      const sent = $fetch.raw(request.path, {
        ...hooks.interceptors,
        baseURL: request.baseURL,
        headers: request.headers,
        responseType: 'stream',
        ignoreResponseError: true,
        retry: false,
      })
      const response = await untilAborted(sent, call.signal)
      // Browsers hide a manual redirect as an opaque response with status 0; other runtimes show the 3xx.
      const redirected = response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)
      return redirected ? fail(redirectError(response, call)) : ok(response)
    } catch (error) {
      // What fetch threw may quote the request, the key included; the URL is the caller's baseURL.
      const reason = notAResponse ?? call.redact(describeError(unwrapFetchError(error)))
      return fail(call.stopError() ?? hooks.failure ?? networkError(`No response from ${request.url}: ${reason}`))
    } finally {
      headersArrived()
    }
  }
  return { send }
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
 * The target is the server's text, so the key is removed from it.
 */
function redirectError(response: Response, call: CallContext): ChatError {
  cancelQuietly(() => response.body?.cancel())
  const { status, headers } = response
  const location = call.redact(headers.get('location') ?? '')
  const message = `The server answered ${status ? `${status}, ` : ''}a redirect${location ? ` to ${location}` : ''}, which is not followed: requests go only to baseURL`
  return { type: 'http', message, status, body: '' }
}
