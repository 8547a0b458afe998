import type * as v from 'valibot'
import { describe, expectTypeOf, it } from 'vitest'
import {
  readChatEvents,
  toEventStream,
  toEventStreamResponse,
  type AIAnnotations,
  type ChatError,
  type ChatEvent,
  type ChatResult,
  type ConsideredRecord,
  type EventStreamResponseInit,
  type MessageChunk,
  type RecordsCited,
  type ToolCall,
  type UnknownEvent,
} from '../../lib/index'
import type { ChatEventSchema } from '../../lib/relay/relay-event-schemas'

type Read = v.InferOutput<typeof ChatEventSchema>
type DataOf<T extends Exclude<ChatEvent['event'], 'unknown' | 'error'>> = Extract<Read, { event: T }>['data']
type ErrorOf<T extends ChatError['type']> = Extract<Extract<Read, { event: 'error' }>['error'], { type: T }>

describe('the schema of a serialized ChatEvent', () => {
  it('gives the public type: each assignable to the other, every event and every error type included', () => {
    expectTypeOf<Read>().toMatchTypeOf<ChatEvent>()
    expectTypeOf<ChatEvent>().toMatchTypeOf<Read>()
    expectTypeOf<Read['event']>().toEqualTypeOf<ChatEvent['event']>()
    expectTypeOf<Extract<Read, { event: 'error' }>['error']['type']>().toEqualTypeOf<ChatError['type']>()
  })

  it('gives each event its public type, the open string sets being strings', () => {
    expectTypeOf<DataOf<'message_chunk'>>().toMatchTypeOf<MessageChunk>()
    expectTypeOf<MessageChunk>().toMatchTypeOf<DataOf<'message_chunk'>>()
    expectTypeOf<DataOf<'records_cited'>>().toMatchTypeOf<RecordsCited>()
    expectTypeOf<RecordsCited>().toMatchTypeOf<DataOf<'records_cited'>>()
    expectTypeOf<DataOf<'chat_result'>>().toMatchTypeOf<ChatResult>()
    expectTypeOf<ChatResult>().toMatchTypeOf<DataOf<'chat_result'>>()
    expectTypeOf<Extract<Read, { event: 'unknown' }>>().toEqualTypeOf<UnknownEvent>()
  })

  it('gives the v1 events their public types, the fields Inkeep may add kept', () => {
    expectTypeOf<DataOf<'records_considered'>>().toMatchTypeOf<{ records: ConsideredRecord[] }>()
    expectTypeOf<{ records: ConsideredRecord[] }>().toMatchTypeOf<DataOf<'records_considered'>>()
    expectTypeOf<DataOf<'records_considered'>['records'][number]['extra']>().toEqualTypeOf<unknown>()
    expectTypeOf<DataOf<'ai_annotations'>>().toMatchTypeOf<AIAnnotations>()
    expectTypeOf<AIAnnotations>().toMatchTypeOf<DataOf<'ai_annotations'>>()
    expectTypeOf<DataOf<'ai_annotations'>['extra']>().toEqualTypeOf<unknown>()
    expectTypeOf<DataOf<'tool_call'>>().toEqualTypeOf<ToolCall>()
  })

  it('gives each error variant its public type', () => {
    expectTypeOf<ErrorOf<'http'>>().toMatchTypeOf<Extract<ChatError, { type: 'http' }>>()
    expectTypeOf<ErrorOf<'timeout'>>().toEqualTypeOf<Extract<ChatError, { type: 'timeout' }>>()
    expectTypeOf<ErrorOf<'stream_interrupted'>>().toEqualTypeOf<Extract<ChatError, { type: 'stream_interrupted' }>>()
    expectTypeOf<ErrorOf<'invalid_input'>>().toMatchTypeOf<Extract<ChatError, { type: 'invalid_input' }>>()
    expectTypeOf<ErrorOf<'http_validation'>>().toMatchTypeOf<Extract<ChatError, { type: 'http_validation' }>>()
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
