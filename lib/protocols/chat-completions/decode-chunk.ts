import type { EventSourceMessage } from 'eventsource-parser'
import type { Emit, Redact, StreamDecoder } from '../../call/protocol'
import { invalidResponseError, networkError, streamInterruptedError, type ChatError } from '../../errors'
import { truncate } from '../../internal/truncate'
import { parseJsonOrUndefined, parseJsonWith } from '../../schemas/parse-json'
import { CompletionChunkSchema, errorMessageOf, isCompletionChunk } from './chunk-schemas'
import { createToolCallAssembler } from './tool-calls'

/** The message that ends an OpenAI-format stream. */
const DONE = '[DONE]'

/**
 * The error of a stream message that carries one (`data: {"error": {...}}`), which some servers send
 * when the answer fails after the response started: the answer broke off, as when a connection breaks,
 * so it is `stream_interrupted` after `emitted` events, and a `network` error, retried, before any.
 */
function streamedError(json: unknown, emitted: number, redact: Redact): ChatError | undefined {
  const reason = errorMessageOf(json)
  if (reason === undefined) return undefined
  const message = `the server sent an error instead of the rest of the answer: ${truncate(redact(reason), 200)}`
  return emitted > 0 ? streamInterruptedError(emitted, message) : networkError(`The answer failed before it started: ${message}`)
}

/**
 * A decoder for one streamed v1 answer. Each chunk's first choice becomes events: its content a
 * `message_chunk`, its tool calls events once complete (tool-calls.ts), its `finish_reason` a last
 * `message_chunk` carrying it, after the tool calls it completes. The answer is whole at `[DONE]`, or
 * when the body ends after a `finish_reason`; a body that ends before either broke off.
 */
export function createChunkDecoder(redact: Redact): StreamDecoder {
  let finished = false
  let toolCalls: ReturnType<typeof createToolCallAssembler> | undefined
  // The reader hands every message of a response the same `emit`: counted once, here.
  let emitted = 0
  let emit: Emit | undefined

  const decode = (message: EventSourceMessage, readerEmit: Emit): ChatError | 'end' | undefined => {
    emit ??= (event) => {
      emitted++
      readerEmit(event)
    }
    if (message.data === DONE) {
      toolCalls?.complete()
      return 'end'
    }
    const json = parseJsonOrUndefined(message.data)
    if (!isCompletionChunk(json)) return streamedError(json, emitted, redact) ?? invalidChunk(message.data, redact)
    // Only the first choice is read: a request made by this client asks for one.
    const choice = json.choices[0]
    if (!choice) return
    const delta = choice.delta
    if (delta?.tool_calls) {
      toolCalls ??= createToolCallAssembler(emit)
      for (const fragment of delta.tool_calls) toolCalls.add(fragment)
    }
    const content = delta?.content
    const finishReason = choice.finish_reason
    if (content || finishReason != null) toolCalls?.complete()
    if (finishReason != null) {
      finished = true
      emit({ event: 'message_chunk', data: { contentChunk: content ?? '', finishReason } })
    } else if (content) {
      emit({ event: 'message_chunk', data: { contentChunk: content } })
    }
  }

  const bodyEnded = (): ChatError | undefined => {
    if (!finished) return networkError('The stream ended before the answer did: no finish_reason and no [DONE]')
    toolCalls?.complete()
    return undefined
  }

  return { decode, bodyEnded }
}

/** Only a chunk that failed goes through the schema, which says why. */
function invalidChunk(data: string, redact: Redact): ChatError {
  const parsed = parseJsonWith(CompletionChunkSchema, data, redact)
  return invalidResponseError(`chat completion chunk: ${parsed.ok ? 'invalid' : parsed.error}`, redact(data))
}
