import type { UIMessage, UIMessageChunk } from 'ai'
import { expectTypeOf, test } from 'vitest'
import {
  completionFromUIMessages,
  type ChatDataParts,
  type ChatMessageMetadata,
  type CompletionFromUIMessagesBody,
  type UIMessageLike,
  type UIMessageStreamPart,
} from '../../lib/ai-sdk/index'
import type { CallOptions, ChatConfig, ChatEvent } from '../../lib/index'

test("ai's UIMessage is a UIMessageLike, so useChat's messages pass straight in", () => {
  expectTypeOf<UIMessage>().toExtend<UIMessageLike>()
  expectTypeOf<UIMessage<{ chatSessionId: string }>[]>().toExtend<UIMessageLike[]>()
  expectTypeOf<UIMessage<ChatMessageMetadata, ChatDataParts>[]>().toExtend<UIMessageLike[]>()
})

test("every part toUIMessageStream writes is one of ai's UIMessageChunk, typed by the package's metadata and data parts", () => {
  expectTypeOf<UIMessageStreamPart>().toExtend<UIMessageChunk>()
  expectTypeOf<UIMessageStreamPart>().toExtend<UIMessageChunk<ChatMessageMetadata, ChatDataParts>>()
})

test('completionFromUIMessages takes the body of a useChat request and gives the events of createChatCompletion', () => {
  expectTypeOf(completionFromUIMessages).parameters.toEqualTypeOf<[ChatConfig, CompletionFromUIMessagesBody, (CallOptions | undefined)?]>()
  expectTypeOf(completionFromUIMessages).returns.toEqualTypeOf<AsyncGenerator<ChatEvent, void, undefined>>()
  expectTypeOf<{ model: string; messages: UIMessage[] }>().toExtend<CompletionFromUIMessagesBody>()
})
