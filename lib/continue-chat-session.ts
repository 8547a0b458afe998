import { ContinueChatSessionInputSchema } from './protocols/chat-sessions/input-schemas'
import { streamCall } from './call/stream-call'
import { chatSessionsProtocol } from './protocols/chat-sessions/protocol'
import type { CallOptions, ChatConfig, ChatEvent, ContinueChatSessionInput } from './types'

/**
 * Adds a message to an existing chat session and yields the answer as typed events, exactly as
 * `createChatSession` does. `chatSessionId` is sent as one percent-encoded path segment.
 *
 * @example
 * ```ts
 * for await (const item of continueChatSession(
 *   { apiKey: 'key' },
 *   { chatSessionId: 'session', integrationId: 'integration', message: { role: 'user', content: 'And then?' } },
 * )) {
 *   if (item.event === 'message_chunk') console.log(item.data.contentChunk)
 * }
 * ```
 */
export function continueChatSession(config: ChatConfig, input: ContinueChatSessionInput, options?: CallOptions): AsyncGenerator<ChatEvent, void, undefined> {
  return streamCall(chatSessionsProtocol, config, input, ContinueChatSessionInputSchema, options)
}
