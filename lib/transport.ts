import { stopError, type ChatCall } from './chat-call'
import type { ResolvedConfig } from './config'
import { networkError, type ChatError } from './errors'
import { describeError } from './internal/describe-error'
import { fail, ok, type Result } from './internal/result'
import type { ChatRequest } from './request'

/**
 * Sends one attempt with the platform's `fetch` (or `config.fetch`) and resolves with the response
 * once its headers arrived, whatever its status. Retries, the headers timeout and status handling
 * live in this package, so a fetch wrapper would add bytes and nothing else.
 */
export async function sendRequest(config: ResolvedConfig, request: ChatRequest, call: ChatCall): Promise<Result<Response, ChatError>> {
  // Looked up per call, not at import time, so a polyfill or a test's replacement is honoured.
  const fetch = config.fetch ?? globalThis.fetch
  const timer = setTimeout(() => call.stop({ kind: 'timeout', phase: 'response', ms: config.timeoutMs }), config.timeoutMs)
  try {
    return ok(await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, signal: call.signal }))
  } catch (error) {
    if (call.reason) return fail(stopError(call.reason))
    return fail(networkError(`No response from ${request.url}: ${describeError(error)}`))
  } finally {
    clearTimeout(timer)
  }
}
