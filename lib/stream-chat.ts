import * as v from 'valibot'
import { createChatCall, stopError } from './chat-call'
import { openChatEvents, type ChatEventBatch } from './chat-events'
import { resolveConfig, toInputIssues } from './config'
import { invalidInputError, streamInterruptedError } from './errors'
import { redact } from './internal/redact'
import { sleep } from './internal/sleep'
import { buildRequest } from './request'
import { isRetryable, retryDelayMs } from './retry'
import type { PreparedInput } from './schemas/input'
import type { CallOptions, ChatConfig, ChatEvent } from './types'

type InputSchema = v.GenericSchema<unknown, PreparedInput>

/**
 * The one generator behind `createChatSession` and `continueChatSession`: validates, sends (with
 * retries), and yields the decoded events. Nothing happens before the first `next()`. At most one
 * `error` event is yielded, always last. Leaving the loop early cancels the request.
 */
export async function* streamChat(config: ChatConfig, input: unknown, schema: InputSchema, options?: CallOptions): AsyncGenerator<ChatEvent, void, undefined> {
  const resolved = await resolveConfig(config, options)
  const prepared = v.safeParse(schema, input)
  if (!resolved.ok || !prepared.success) {
    const issues = [
      ...(resolved.ok ? [] : resolved.error.issues),
      ...(prepared.success ? [] : toInputIssues(prepared.issues, 'input')),
    ]
    const knownKey = resolved.ok ? resolved.value.apiKey : typeof config?.apiKey === 'string' ? config.apiKey : ''
    yield { event: 'error', error: redact(invalidInputError(issues), knownKey) }
    return
  }
  const { apiKey, retry, totalTimeoutMs } = resolved.value
  const request = buildRequest(resolved.value, prepared.output)
  const call = createChatCall(resolved.value.signal)
  const deadline = setTimeout(() => call.stop({ kind: 'timeout', phase: 'total', ms: totalTimeoutMs }), totalTimeoutMs)
  let delivered = 0
  let readToEnd = false
  try {
    for (let attempt = 1; ; attempt++) {
      const events = await openChatEvents(resolved.value, request, call)
      let end: ChatEventBatch['end']
      do {
        const batch = await events.read()
        for (const event of batch.messages) {
          // Once the caller aborted, events still buffered from the last chunk are not handed out.
          if (call.reason) break
          delivered++
          yield event
        }
        end = call.reason ? stopError(call.reason) : batch.end
      } while (!end)
      if (end === 'done') {
        readToEnd = true
        return
      }
      const error = end.type === 'network' && delivered > 0 ? streamInterruptedError(delivered, end.message) : end
      const retryAfterMs = error.type === 'http' ? error.retryAfterMs : undefined
      const delay = delivered === 0 && attempt < retry.attempts && isRetryable(error) ? retryDelayMs(attempt, retry, retryAfterMs) : undefined
      if (delay !== undefined && (await sleep(delay, call.signal))) continue
      const final = call.reason ? stopError(call.reason) : error
      // Free the connection before handing over the error: the caller may never call next() again.
      call.stop({ kind: 'released' })
      yield { event: 'error', error: redact(final, apiKey) }
      return
    }
  } finally {
    // After `break`/`return()` this aborts the request and frees the socket. A body read to the end
    // has nothing to free, and aborting costs a DOMException with its stack trace.
    clearTimeout(deadline)
    if (!readToEnd) call.stop({ kind: 'released' })
    call.dispose()
  }
}
