import * as v from 'valibot'
import { createChatCall, stopError, type ChatCall } from './chat-call'
import { openChatEvents, type ChatEventReader } from './chat-events'
import { resolveConfig, toInputIssues } from './config'
import { invalidInputError, streamInterruptedError } from './errors'
import { oneAtATime, type Drained } from './internal/one-at-a-time'
import { redact } from './internal/redact'
import { sleep } from './internal/sleep'
import { buildRequest } from './request'
import { isRetryable, retryDelayMs } from './retry'
import type { ServerEventEnd } from './sse'
import type { PreparedInput } from './schemas/input'
import type { CallOptions, ChatConfig, ChatErrorEvent, ChatEvent } from './types'

type InputSchema = v.GenericSchema<unknown, PreparedInput>

/**
 * The one generator behind `createChatSession` and `continueChatSession`: validates, sends (with
 * retries), and yields the decoded events. Nothing happens before the first `next()`. At most one
 * `error` event is yielded, always last. Leaving the loop early cancels the request.
 */
export function streamChat(config: ChatConfig, input: unknown, schema: InputSchema, options?: CallOptions): AsyncGenerator<ChatEvent, void, undefined> {
  // Set once the request is under way; after an abort or a timeout, events still buffered from the
  // last chunk are not handed out.
  let call: ChatCall | undefined
  return oneAtATime(
    streamAttempts(config, input, schema, options, (started) => (call = started)),
    () => call?.reason !== undefined,
  )
}

/**
 * `streamChat` as one event reader per attempt; told how each ended, it decides whether to retry,
 * and returns the error event, if there is one.
 */
async function* streamAttempts(
  config: ChatConfig,
  input: unknown,
  schema: InputSchema,
  options: CallOptions | undefined,
  started: (call: ChatCall) => void,
): AsyncGenerator<ChatEventReader, ChatErrorEvent | void, Drained<ServerEventEnd>> {
  const resolved = await resolveConfig(config, options)
  const prepared = v.safeParse(schema, input)
  if (!resolved.ok || !prepared.success) {
    const issues = [
      ...(resolved.ok ? [] : resolved.error.issues),
      ...(prepared.success ? [] : toInputIssues(prepared.issues, 'input')),
    ]
    const knownKey = resolved.ok ? resolved.value.apiKey : typeof config?.apiKey === 'string' ? config.apiKey : ''
    return { event: 'error', error: redact(invalidInputError(issues), knownKey) }
  }
  const { apiKey, retry, totalTimeoutMs } = resolved.value
  const request = buildRequest(resolved.value, prepared.output)
  const call = createChatCall(resolved.value.signal)
  started(call)
  const deadline = setTimeout(() => call.stop({ kind: 'timeout', phase: 'total', ms: totalTimeoutMs }), totalTimeoutMs)
  let readToEnd = false
  try {
    for (let attempt = 1; ; attempt++) {
      // An attempt follows only one that delivered nothing, so this attempt's count is the call's.
      const { end: ended, delivered } = yield await openChatEvents(resolved.value, request, call)
      // `ended` is missing only when the reader was left because the call had stopped.
      const end = call.reason ? stopError(call.reason) : ended!
      if (end === 'done') {
        readToEnd = true
        return
      }
      const error = end.type === 'network' && delivered > 0 ? streamInterruptedError(delivered, end.message) : end
      const retryAfterMs = error.type === 'http' ? error.retryAfterMs : undefined
      const delay = delivered === 0 && attempt < retry.attempts && isRetryable(error) ? retryDelayMs(attempt, retry, retryAfterMs) : undefined
      if (delay !== undefined && (await sleep(delay, call.signal))) continue
      // Returned, not yielded: `finally` below frees the connection and the timers before the caller
      // sees the error, and the caller may never call next() again.
      return { event: 'error', error: redact(call.reason ? stopError(call.reason) : error, apiKey) }
    }
  } finally {
    // After `break`/`return()` this aborts the request and frees the socket. A body read to the end
    // has nothing to free, and aborting costs a DOMException with its stack trace.
    clearTimeout(deadline)
    if (!readToEnd) call.stop({ kind: 'released' })
    call.dispose()
  }
}
