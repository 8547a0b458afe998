import { expectTypeOf, test } from 'vitest'
import type * as v from 'valibot'
import type { CompletionBodySchema } from '../../lib/testing/completions-wire'
import type { WireCompletionMessage, WireToolDefinition } from '../../lib/testing/index'
import type { ContinueBodySchema, CreateBodySchema, WireCitation, WireMessage } from '../../lib/testing/wire'

test("the mock's hand-written message types equal what its body schemas give", () => {
  type Created = v.InferOutput<typeof CreateBodySchema>['chat_session']['messages'][number]
  expectTypeOf<Created>().toEqualTypeOf<WireMessage>()
  expectTypeOf<v.InferOutput<typeof ContinueBodySchema>['message']>().toEqualTypeOf<WireMessage>()
  expectTypeOf<NonNullable<Extract<Created, { role: 'assistant' }>['records_cited']>['citations'][number]>().toEqualTypeOf<WireCitation>()
})

test("the mock's hand-written v1 message and tool types equal what its body schema gives", () => {
  type Body = v.InferOutput<typeof CompletionBodySchema>
  expectTypeOf<Body['messages'][number]>().toEqualTypeOf<WireCompletionMessage>()
  expectTypeOf<NonNullable<Body['tools']>[number]>().toEqualTypeOf<WireToolDefinition>()
})
