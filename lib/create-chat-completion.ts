import { streamCall } from './call/stream-call'
import { CreateChatCompletionInputSchema } from './protocols/chat-completions/input-schemas'
import { chatCompletionsProtocol } from './protocols/chat-completions/protocol'
import type { CallOptions, ChatConfig, ChatEvent, CreateChatCompletionInput } from './types'

/**
 * Asks Inkeep's OpenAI-compatible v1 API (`POST /v1/chat/completions`) and yields the answer as typed
 * events: `message_chunk`s of its text, the last one carrying its `finishReason`; `records_considered`
 * before the text; `records_cited` (its links) and `ai_annotations` once complete; `tool_call` for your
 * own tools; and at most one `error`, always last. `stream: false` yields the same events from one JSON
 * answer. v1 is stateless: send the whole conversation each time. Nothing is sent before the first
 * `next()`; leaving the loop early (`break`, `return()` or `options.signal`) cancels the request.
 *
 * @example
 * ```ts
 * for await (const item of createChatCompletion(
 *   { apiKey: 'key' },
 *   { model: 'inkeep-qa-expert', messages: [{ role: 'user', content: 'How do I start?' }] },
 * )) {
 *   if (item.event === 'message_chunk') console.log(item.data.contentChunk)
 *   if (item.event === 'records_cited') console.log(item.data.citations.map((c) => c.record.url))
 *   if (item.event === 'error') console.error(item.error.message)
 * }
 * ```
 */
export function createChatCompletion(config: ChatConfig, input: CreateChatCompletionInput, options?: CallOptions): AsyncGenerator<ChatEvent, void, undefined> {
  return streamCall(chatCompletionsProtocol, config, input, CreateChatCompletionInputSchema, options)
}
