import * as v from 'valibot'
import { openBodyReader } from './body-reader'
import { createCallContext } from './call-context'
import { parseConfig, resolveApiKey, toInputIssues, type ResolvedConfig } from './config'
import { deliverCall, type Delivery } from './deliver-events'
import type { PreparedRequest, Protocol } from './protocol'
import { readResponse } from './read-response'
import { buildRequest, type CallRequest } from './request'
import { isRetryable, retryDelayMs } from './retry'
import type { EventBatches } from './sse-reader'
import { createTransport } from './transport'
import { abortedError, invalidInputError, networkError, type ChatError } from '../errors'
import { describeError } from '../internal/describe-error'
import { redactText } from '../internal/redact'
import { fail, ok, type Result } from '../internal/result'
import { sleep } from '../internal/sleep'
import type { CallOptions, ChatConfig, ChatEvent } from '../types'

/** A protocol's input schema: what the caller passes, validated, becomes a `PreparedRequest`. */
export type InputSchema = v.GenericSchema<unknown, PreparedRequest>

/**
 * The one generator behind every API call: validates, sends (with retries), and yields the events of
 * `protocol`'s answer. Nothing happens before the first `next()`. At most one `error` event is yielded,
 * always last. Leaving early (`break`, `return()`) cancels the request; a stream relaying the events
 * (`leaveEvents`, through `stopNow`) cancels it at once, even while a `next()` waits on a silent server.
 */
export function streamCall(protocol: Protocol, config: ChatConfig, input: unknown, schema: InputSchema, options?: CallOptions): AsyncGenerator<ChatEvent, void, undefined> {
  return deliverCall(() => startCall(protocol, config, input, schema, options))
}

async function startCall(
  protocol: Protocol,
  config: ChatConfig,
  input: unknown,
  schema: InputSchema,
  options: CallOptions | undefined,
): Promise<Result<Delivery, ChatError>> {
  const prepared = await prepareCall(config, input, schema, options)
  if (!prepared.ok) return prepared
  const { resolved, request } = prepared.value
  const { signal, timeoutMs, idleTimeoutMs, totalTimeoutMs, apiKey } = resolved
  const timeouts = { responseMs: timeoutMs, idleMs: idleTimeoutMs, totalMs: totalTimeoutMs }
  const call = createCallContext({ signal, timeouts, redact: (text) => redactText(text, apiKey) })
  const transport = createTransport(resolved, request, call)
  const readOptions = { protocol, maxEventBytes: resolved.maxEventBytes, url: request.url }

  /** Sends one attempt and reads its response. */
  async function open(): Promise<EventBatches> {
    const sent = await transport.send()
    if (!sent.ok) return { read: async () => ({ messages: [], end: sent.error }) }
    const response = sent.value
    // A custom fetch's lookalike Response passed the transport's check of `status` and `headers.get`,
    // but any other getter of it may throw, or `headers.get` give a number: that ends the attempt as a
    // broken response would, never as a rejection of the caller's `next()`.
    let reader
    try {
      reader = openBodyReader(response.body, call, request.url)
      return await readResponse(response, reader, call, readOptions)
    } catch (error) {
      reader?.cancel()
      const lost = networkError(`The response from ${request.url} could not be read: ${call.redact(describeError(error))}`)
      return { read: async () => ({ messages: [], end: lost }) }
    }
  }
  return ok({ call, open, retry: (error, attempt) => waitToRetry(error, attempt, resolved.retry, call.signal) })
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
): Promise<Result<{ resolved: ResolvedConfig; request: CallRequest }, ChatError>> {
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
 * Waits before another attempt and returns `true`, or returns `false` when there is none: the attempts
 * are used up, the failure is not transient, the server asked for a longer wait than allowed, or the
 * call stopped while waiting.
 */
async function waitToRetry(error: ChatError, attempt: number, retry: ResolvedConfig['retry'], signal: AbortSignal): Promise<boolean> {
  if (attempt >= retry.attempts || !isRetryable(error)) return false
  const delay = retryDelayMs(attempt, retry, error.type === 'http' ? error.retryAfterMs : undefined)
  return delay !== undefined && (await sleep(delay, signal))
}
