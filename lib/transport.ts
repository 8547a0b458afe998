import { createFetch, ofetch } from 'ofetch'
import { stopError, type ChatCall } from './chat-call'
import type { ResolvedConfig } from './config'
import { networkError, type ChatError } from './errors'
import { describeError } from './internal/describe-error'
import { fail, ok, type Result } from './internal/result'
import type { ChatRequest } from './request'

/**
 * Sends one attempt and resolves with the response once its headers arrived, whatever its status.
 * Retries, timeouts and status handling are ours, not ofetch's: its retry ignores `Retry-After`
 * and cannot be interrupted during a backoff, and its `timeout` is disabled as soon as a `signal`
 * is passed (https://github.com/unjs/ofetch/pull/481).
 */
export async function sendRequest(config: ResolvedConfig, request: ChatRequest, call: ChatCall): Promise<Result<Response, ChatError>> {
  const $fetch = config.fetch ? createFetch({ fetch: config.fetch as typeof globalThis.fetch }) : ofetch
  const timer = setTimeout(() => call.stop({ kind: 'timeout', phase: 'response', ms: config.timeoutMs }), config.timeoutMs)
  try {
    const response = await $fetch.raw(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: call.signal,
      responseType: 'stream',
      ignoreResponseError: true,
      retry: false,
    })
    return ok(response)
  } catch (error) {
    if (call.reason) return fail(stopError(call.reason))
    // ofetch wraps fetch's error in a FetchError whose message repeats the method and URL.
    const cause = error instanceof Error && error.name === 'FetchError' && error.cause ? error.cause : error
    return fail(networkError(`No response from ${request.url}: ${describeError(cause)}`))
  } finally {
    clearTimeout(timer)
  }
}
