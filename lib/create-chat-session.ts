import { CreateChatSessionInputSchema } from './protocols/chat-sessions/input-schemas'
import { streamCall } from './call/stream-call'
import { chatSessionsProtocol } from './protocols/chat-sessions/protocol'
import type { CallOptions, ChatConfig, ChatEvent, CreateChatSessionInput } from './types'

/**
 * Starts a chat session and yields its answer as typed events: `message_chunk`s and
 * `records_cited` while streaming, one `chat_result` for a JSON answer (`stream: false`), and at
 * most one `error`, always last. Nothing is sent before the first `next()`; leaving the loop early
 * (`break`, `return()` or `options.signal`) cancels the request.
 *
 * @example
 * ```ts
 * for await (const item of createChatSession(
 *   { apiKey: 'key' },
 *   { integrationId: 'integration', chatSession: { messages: [{ role: 'user', content: 'How do I start?' }] } },
 * )) {
 *   if (item.event === 'message_chunk') console.log(item.data.contentChunk)
 *   if (item.event === 'error') console.error(item.error.message)
 * }
 * ```
 */
export function createChatSession(config: ChatConfig, input: CreateChatSessionInput, options?: CallOptions): AsyncGenerator<ChatEvent, void, undefined> {
  return streamCall(chatSessionsProtocol, config, input, CreateChatSessionInputSchema, options)
}
