import { describe, expectTypeOf, it } from 'vitest'
import type * as v from 'valibot'
import {
  continueChatSession,
  createChatSession,
  collectChatResult,
  type ChatError,
  type ChatEvent,
  type ChatResult,
  type CollectedAnswer,
  type PartialChatResult,
  type MessageChunk,
  type RecordsCited,
} from '../../lib/index'
import type { ChatResultSchema, readMessageChunk, RecordsCitedSchema } from '../../lib/protocols/chat-sessions/event-schemas'

/** Compiles only when every variant of `ChatEvent` is handled. */
function describeEvent(item: ChatEvent): string {
  switch (item.event) {
    case 'message_chunk':
      return item.data.contentChunk
    case 'records_cited':
      return String(item.data.citations.length)
    case 'chat_result':
      return item.data.message.content
    case 'records_considered':
      return item.data.records.map((record) => record.url).join()
    case 'ai_annotations':
      return item.data.answerConfidence
    case 'tool_call':
      return `${item.data.name}(${item.data.argumentsText})`
    case 'unknown':
      return `${item.name}: ${item.data}`
    case 'error':
      return describeError(item.error)
    default:
      return item satisfies never
  }
}

/** Compiles only when every variant of `ChatError` is handled. */
function describeError(error: ChatError): string {
  switch (error.type) {
    case 'invalid_input':
      return error.issues.map((issue) => issue.path).join()
    case 'http_validation':
      return error.detail.map((detail) => detail.msg).join()
    case 'http':
      return `${error.status} ${error.body} ${error.retryAfterMs ?? ''}`
    case 'network':
      return error.message
    case 'timeout':
      return `${error.phase} ${error.ms}`
    case 'aborted':
      return error.message
    case 'invalid_response':
      return error.raw
    case 'stream_interrupted':
      return String(error.eventsReceived)
    case 'hook':
      return error.hook
    default:
      return error satisfies never
  }
}

describe('public types', () => {
  it('lets an exhaustive switch over events and errors compile', () => {
    expectTypeOf(describeEvent).returns.toEqualTypeOf<string>()
  })

  it('gives the public functions their documented signatures', () => {
    expectTypeOf(createChatSession).returns.toEqualTypeOf<AsyncGenerator<ChatEvent, void, undefined>>()
    expectTypeOf(continueChatSession).returns.toEqualTypeOf<AsyncGenerator<ChatEvent, void, undefined>>()
    expectTypeOf(collectChatResult).returns.resolves.toEqualTypeOf<
      | { ok: true; value: CollectedAnswer }
      | { ok: false; error: ChatError; partial: PartialChatResult }
    >()
  })

  it('has each inbound schema produce exactly its public type', () => {
    expectTypeOf<ReturnType<typeof readMessageChunk>>().toEqualTypeOf<MessageChunk | undefined>()
    expectTypeOf<v.InferOutput<typeof RecordsCitedSchema>>().toEqualTypeOf<RecordsCited>()
    expectTypeOf<v.InferOutput<typeof ChatResultSchema>>().toEqualTypeOf<ChatResult>()
  })
})
