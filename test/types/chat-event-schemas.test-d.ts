import type * as v from 'valibot'
import { describe, expectTypeOf, it } from 'vitest'
import {
  readChatEvents,
  toEventStream,
  toEventStreamResponse,
  type ChatError,
  type ChatEvent,
  type ChatResult,
  type EventStreamResponseInit,
  type MessageChunk,
  type RecordsCited,
  type UnknownEvent,
} from '../../lib/index'
import type { ChatEventSchemas } from '../../lib/relay/relay-event-schemas'

type Schemas = typeof ChatEventSchemas
type ErrorOf<T extends ChatError['type']> = Omit<Extract<ChatError, { type: T }>, 'type'>

describe('the schemas of a serialized ChatEvent', () => {
  it('give the public types: each assignable to the other, the open string sets being strings', () => {
    expectTypeOf<v.InferOutput<Schemas['message_chunk']>>().toMatchTypeOf<MessageChunk>()
    expectTypeOf<MessageChunk>().toMatchTypeOf<v.InferOutput<Schemas['message_chunk']>>()
    expectTypeOf<v.InferOutput<Schemas['records_cited']>>().toMatchTypeOf<RecordsCited>()
    expectTypeOf<RecordsCited>().toMatchTypeOf<v.InferOutput<Schemas['records_cited']>>()
    expectTypeOf<v.InferOutput<Schemas['chat_result']>>().toMatchTypeOf<ChatResult>()
    expectTypeOf<ChatResult>().toMatchTypeOf<v.InferOutput<Schemas['chat_result']>>()
    expectTypeOf<v.InferOutput<Schemas['unknown']>>().toEqualTypeOf<Omit<UnknownEvent, 'event'>>()
  })

  it('give each error variant its public type', () => {
    expectTypeOf<v.InferOutput<Schemas['error']['http']>>().toMatchTypeOf<ErrorOf<'http'>>()
    expectTypeOf<v.InferOutput<Schemas['error']['timeout']>>().toEqualTypeOf<ErrorOf<'timeout'>>()
    expectTypeOf<v.InferOutput<Schemas['error']['stream_interrupted']>>().toEqualTypeOf<ErrorOf<'stream_interrupted'>>()
    expectTypeOf<v.InferOutput<Schemas['error']['invalid_input']>>().toMatchTypeOf<ErrorOf<'invalid_input'>>()
    expectTypeOf<v.InferOutput<Schemas['error']['http_validation']>>().toMatchTypeOf<ErrorOf<'http_validation'>>()
  })
})

describe('the SSE functions', () => {
  it('take any async iterable of events and give web types', () => {
    expectTypeOf(toEventStream).returns.toEqualTypeOf<ReadableStream<Uint8Array>>()
    expectTypeOf(toEventStreamResponse).returns.toEqualTypeOf<Response>()
    expectTypeOf(readChatEvents).returns.toEqualTypeOf<AsyncGenerator<ChatEvent, void, undefined>>()
    expectTypeOf<{ status: 201; headers: [['x', 'y']]; heartbeatMs: 5 }>().toMatchTypeOf<EventStreamResponseInit>()
  })
})
