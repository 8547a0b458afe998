import * as v from 'valibot'
import { createChatCall, stopError } from './call-context'
import { openChatEvents } from './attempt'
import { parseConfig, resolveApiKey, toInputIssues, type ResolvedConfig } from './config'
import { abortedError, invalidInputError, streamInterruptedError, type ChatError } from '../errors'
import { stoppable } from '../internal/leave-events'
import { fail, ok, type Result } from '../internal/result'
import { sleep } from '../internal/sleep'
import { buildRequest, type ChatRequest } from './request'
import { isRetryable, retryDelayMs } from './retry'
import type { PreparedInput } from '../protocols/chat-sessions/input-schemas'
import type { CallOptions, ChatConfig, ChatEvent } from '../types'

type InputSchema = v.GenericSchema<unknown, PreparedInput>

/**
 * The one generator behind `createChatSession` and `continueChatSession`: validates, sends (with
 * retries), and yields the decoded events. Nothing happens before the first `next()`. At most one
 * `error` event is yielded, always last. Leaving the loop early cancels the request; a stream relaying
 * the events (`toEventStream`) cancels it at once, even while a `next()` waits on a silent server.
 */
export function streamChat(config: ChatConfig, input: unknown, schema: InputSchema, options?: CallOptions): AsyncGenerator<ChatEvent, void, undefined> {
  const release = new AbortController()
  return stoppable(streamEvents(config, input, schema, options, release.signal), () => release.abort())
}

async function* streamEvents(
  config: ChatConfig,
  input: unknown,
  schema: InputSchema,
  options: CallOptions | undefined,
  released: AbortSignal,
): AsyncGenerator<ChatEvent, void, undefined> {
  const prepared = await prepareCall(config, input, schema, options)
  if (!prepared.ok) {
    yield { event: 'error', error: prepared.error }
    return
  }
  const { resolved, request } = prepared.value
  const { totalTimeoutMs } = resolved
  const call = createChatCall(resolved.signal, released)
  const deadline = setTimeout(() => call.stop({ kind: 'timeout', phase: 'total', ms: totalTimeoutMs }), totalTimeoutMs)
  let readToEnd = false
  let failure: ChatError
  try {
    for (let attempt = 1; ; attempt++) {
      // One batch per network chunk: one await per chunk, then a plain loop over its events.
      const events = await openChatEvents(resolved, request, call)
      let delivered = 0
      let batch
      do {
        batch = await events.read()
        const { messages } = batch
        // Once the call is aborted or timed out, events still buffered from its last chunk are dropped.
        // An index rather than `for…of`: with small chunks, about one event each, the array iterator
        // that `for…of` makes per chunk was measurable (test/bench/README.md).
        for (let index = 0; index < messages.length && !call.reason; index++) {
          delivered++
          yield messages[index]!
        }
      } while (batch.end === undefined && !call.reason)
      const end = call.reason ? stopError(call.reason) : batch.end!
      if (end === 'done') {
        readToEnd = true
        return
      }
      const error = end.type === 'network' && delivered > 0 ? streamInterruptedError(delivered, end.message) : end
      if (await waitToRetry(error, delivered, attempt, resolved.retry, call.signal)) continue
      failure = call.reason ? stopError(call.reason) : error
      break
    }
  } finally {
    // After `break`/`return()` or a failure this aborts the request and frees the socket. A body read
    // to the end has nothing to free, and aborting costs a DOMException with its stack trace.
    clearTimeout(deadline)
    if (!readToEnd) call.stop({ kind: 'released' })
    call.dispose()
  }
  // Yielded after `finally`: the connection and the timers are freed before the caller sees the
  // error, and the caller may never call next() again.
  // No redaction here: text from outside the package had the key removed where it entered the error.
  yield { event: 'error', error: failure }
}

/**
 * Validates the config, the options and the input, or returns one `invalid_input` error for them all;
 * then, unless the caller's signal already aborted, resolves the key. Its messages are the package's
 * own and never quote a value, so they hold no key to redact.
 */
async function prepareCall(
  config: ChatConfig,
  input: unknown,
  schema: InputSchema,
  options: CallOptions | undefined,
): Promise<Result<{ resolved: ResolvedConfig; request: ChatRequest }, ChatError>> {
  const parsed = parseConfig(config, options)
  const prepared = v.safeParse(schema, input)
  if (!parsed.ok || !prepared.success) {
    return fail(invalidInputError([...(parsed.ok ? [] : parsed.error), ...(prepared.success ? [] : toInputIssues(prepared.issues, 'input'))]))
  }
  // A key function may fetch from a vault; a call already cancelled has no use for the key.
  if (parsed.value.signal?.aborted) return fail(abortedError())
  const resolved = await resolveApiKey(parsed.value)
  return resolved.ok ? ok({ resolved: resolved.value, request: buildRequest(resolved.value, prepared.output) }) : resolved
}

/**
 * Waits before another attempt and returns `true`, or returns `false` when there is none: the attempt
 * delivered events (a retry would repeat them), the attempts are used up, the failure is not
 * transient, the server asked for a longer wait than allowed, or the call stopped while waiting.
 */
async function waitToRetry(error: ChatError, delivered: number, attempt: number, retry: ResolvedConfig['retry'], signal: AbortSignal): Promise<boolean> {
  if (delivered > 0 || attempt >= retry.attempts || !isRetryable(error)) return false
  const delay = retryDelayMs(attempt, retry, error.type === 'http' ? error.retryAfterMs : undefined)
  return delay !== undefined && (await sleep(delay, signal))
}
