import * as v from 'valibot'
import { openBodyReader, type BodyReader } from './body-reader'
import { createChatCall, stopError, type ChatCall } from './chat-call'
import { resolveConfig, toInputIssues, type ResolvedConfig } from './config'
import { invalidInputError, streamInterruptedError, type ChatError } from './errors'
import { redact } from './internal/redact'
import { sleep } from './internal/sleep'
import { parseServerEvent } from './parse-server-event'
import { isJsonMediaType, mediaTypeOf, readChatResult, readErrorResponse, readUnexpectedContent } from './read-response'
import { buildRequest, type ChatRequest } from './request'
import { isRetryable, retryDelayMs } from './retry'
import type { PreparedInput } from './schemas/input'
import { readServerEvents } from './sse'
import { sendRequest } from './transport'
import type { CallOptions, ChatConfig, ChatEvent } from './types'

type InputSchema = v.GenericSchema<unknown, PreparedInput>

/** How many events the caller has been handed; once it is above 0, nothing is retried. */
interface Progress {
  delivered: number
}

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
  const { apiKey, retry } = resolved.value
  const request = buildRequest(resolved.value, prepared.output)
  const call = createChatCall(resolved.value.signal)
  const progress: Progress = { delivered: 0 }
  try {
    for (let attempt = 1; ; attempt++) {
      const error = yield* runAttempt(resolved.value, request, call, progress)
      if (!error) return
      const retryAfterMs = error.type === 'http' ? error.retryAfterMs : undefined
      const delay = progress.delivered === 0 && attempt < retry.attempts && isRetryable(error) ? retryDelayMs(attempt, retry, retryAfterMs) : undefined
      if (delay !== undefined && (await sleep(delay, call.signal))) continue
      yield { event: 'error', error: redact(call.reason ? stopError(call.reason) : error, apiKey) }
      return
    }
  } finally {
    // After `break`/`return()` this aborts the request and frees the socket; after the end it is a no-op.
    call.stop({ kind: 'released' })
    call.dispose()
  }
}

/** One request and its response: yields what it decodes, returns the error that ended it, if any. */
async function* runAttempt(config: ResolvedConfig, request: ChatRequest, call: ChatCall, progress: Progress): AsyncGenerator<ChatEvent, ChatError | undefined, undefined> {
  const sent = await sendRequest(config, request, call)
  if (!sent.ok) return sent.error
  const response = sent.value
  const reader = openBodyReader(response.body, call, config.idleTimeoutMs, request.url)
  if (!response.ok) return readErrorResponse(response, reader)
  // The response's content type decides how it is read, whatever the request asked for.
  const mediaType = mediaTypeOf(response)
  if (mediaType === 'text/event-stream') return yield* yieldServerEvents(reader, config.maxEventBytes, progress)
  if (!isJsonMediaType(mediaType)) return readUnexpectedContent(mediaType, reader)
  const result = await readChatResult(reader, config.maxEventBytes)
  if (!result.ok) return result.error
  progress.delivered++
  yield result.value
  return undefined
}

async function* yieldServerEvents(reader: BodyReader, maxEventBytes: number, progress: Progress): AsyncGenerator<ChatEvent, ChatError | undefined, undefined> {
  const batches = readServerEvents(reader, maxEventBytes)
  for (;;) {
    const step = await batches.next()
    if (step.done) {
      const error = step.value
      return error?.type === 'network' && progress.delivered > 0 ? streamInterruptedError(progress.delivered, error.message) : error
    }
    for (const message of step.value) {
      const event = parseServerEvent(message)
      if (!event.ok) {
        reader.cancel()
        return event.error
      }
      progress.delivered++
      yield event.value
    }
  }
}
