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
    // 'manual', not 'follow': a redirect would carry the body and the caller's headers (a proxy's key)
    // to whatever origin it names. 'error' is refused by Cloudflare Workers; 'manual' works everywhere.
    const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, signal: call.signal, redirect: 'manual' })
    // Browsers hide a manual redirect as an opaque response with status 0; other runtimes show the 3xx.
    const redirected = response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)
    return redirected ? fail(redirectError(response)) : ok(response)
  } catch (error) {
    return fail(call.reason ? stopError(call.reason) : networkError(`No response from ${request.url}: ${describeError(error)}`))
  } finally {
    clearTimeout(timer)
  }
}

/** An `http` error for a redirect that was not followed, naming its target when the runtime shows it. */
function redirectError(response: Response): ChatError {
  response.body?.cancel().catch(() => {})
  const { status, headers } = response
  const location = headers.get('location')
  const message = `The server answered ${status ? `${status}, ` : ''}a redirect${location ? ` to ${location}` : ''}, which is not followed: requests go only to baseURL`
  return { type: 'http', message, status, body: '' }
}
