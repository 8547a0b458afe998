import { invalidInputError, networkError, streamInterruptedError, type ChatError } from './errors'
import { describeError } from './internal/describe-error'
import type { ChatEvent, ChatResult, CollectedAnswer, CollectedChatResult, PartialChatResult } from './types'

/**
 * Whether `events` can be read with `for await`. A sync iterable, such as an array of events, is
 * accepted too: `for await` reads it the same way, and tests and replays often hold events in one.
 * A string is iterable but holds no events, so it is refused with the rest, and so is an object
 * whose iterator can't even be looked up (a getter or a Proxy trap that throws).
 */
function isIterable(events: unknown): events is AsyncIterable<ChatEvent> | Iterable<ChatEvent> {
  if (typeof events !== 'object' || events === null) return false
  try {
    return typeof (events as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' || typeof (events as Iterable<unknown>)[Symbol.iterator] === 'function'
  } catch {
    return false
  }
}

/**
 * The error for events that threw instead of ending: what `createChatSession` reports when its
 * connection breaks, as `toEventStream` does for a source that throws. The package's own generators
 * never throw, so what threw is the caller's own iterable, and its description is theirs to read.
 */
const threwError = (received: number, thrown: unknown): ChatError =>
  received > 0
    ? streamInterruptedError(received, `the events threw: ${describeError(thrown)}`)
    : networkError(`The events threw before the first one: ${describeError(thrown)}`)

/**
 * The whole answer: a `chat_result` as it came, or the chunks joined with the citations; either way
 * with what v1's tool calls gave, when they gave anything. A v1 answer names no chat session, so
 * `chatSessionId` is there only when an event named one.
 */
function toAnswer({ chatSessionId, content, citations, ...fromToolCalls }: PartialChatResult, complete: ChatResult | undefined): CollectedAnswer {
  const message = { role: 'assistant' as const, content, recordsCited: { citations } }
  const answer: CollectedAnswer = complete ?? (chatSessionId === undefined ? { message } : { chatSessionId, message })
  return { ...answer, ...fromToolCalls }
}

/**
 * Reads all events, of either API, and returns the whole answer: `{ ok: true, value }`, or `{ ok:
 * false, error, partial }` where `partial` keeps everything that arrived before the error. Never
 * throws: `events` that are not iterable give `invalid_input`, and events that throw give `network`
 * (before the first event) or `stream_interrupted` (after some). Keys with nothing to hold are left
 * out: `recordsConsidered`, `aiAnnotations` and `toolCalls` appear only when such events arrived.
 *
 * @example
 * ```ts
 * const result = await collectChatResult(createChatSession(config, input))
 * if (result.ok) console.log(result.value.message.content)
 * else console.error(result.error.message, result.partial.content)
 * ```
 */
export async function collectChatResult(events: AsyncIterable<ChatEvent> | Iterable<ChatEvent>): Promise<CollectedChatResult> {
  const partial: PartialChatResult = { content: '', citations: [] }
  if (!isIterable(events)) {
    const issue = { path: 'events', message: 'must be an async iterable of chat events, such as what createChatSession returns' }
    return { ok: false, error: invalidInputError([issue]), partial }
  }
  let complete: ChatResult | undefined
  let received = 0
  try {
    for await (const item of events) {
      received++
      // Optional chaining: a `null` among a caller's own events is skipped, as an unknown event is.
      switch (item?.event) {
        case 'message_chunk':
          partial.content += item.data.contentChunk
          if (item.data.chatSessionId) partial.chatSessionId = item.data.chatSessionId
          break
        case 'records_cited':
          partial.citations = partial.citations.concat(item.data.citations)
          break
        case 'chat_result':
          complete = item.data
          break
        case 'records_considered':
          partial.recordsConsidered = (partial.recordsConsidered ?? []).concat(item.data.records)
          break
        case 'ai_annotations':
          // The model's last word on its answer stands.
          partial.aiAnnotations = item.data
          break
        case 'tool_call':
          partial.toolCalls ??= []
          partial.toolCalls.push(item.data)
          break
        case 'unknown':
          break
        case 'error':
          return { ok: false, error: item.error, partial }
      }
    }
  } catch (thrown) {
    return { ok: false, error: threwError(received, thrown), partial }
  }
  return { ok: true, value: toAnswer(partial, complete) }
}
