import type { UIMessage, UIMessageChunk } from 'ai'
import { expectTypeOf, test } from 'vitest'
import type { UIMessageLike, UIMessageStreamPart } from '../../lib/ai-sdk/index'

test("ai's UIMessage is a UIMessageLike, so useChat's messages pass straight in", () => {
  expectTypeOf<UIMessage>().toExtend<UIMessageLike>()
  expectTypeOf<UIMessage<{ chatSessionId: string }>[]>().toExtend<UIMessageLike[]>()
})

test("every part toUIMessageStream writes is one of ai's UIMessageChunk", () => {
  expectTypeOf<UIMessageStreamPart>().toExtend<UIMessageChunk>()
})
