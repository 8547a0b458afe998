import { invalidResponseError } from './errors'
import type { ChatEvent, ChatResult, CollectedChatResult, PartialChatResult } from './types'

/**
 * Reads all events and returns the whole answer: `{ ok: true, value }`, or `{ ok: false, error,
 * partial }` where `partial` keeps everything that arrived before the error.
 *
 * @example
 * ```ts
 * const result = await collectChatResult(createChatSession(config, input))
 * if (result.ok) console.log(result.value.message.content)
 * else console.error(result.error.message, result.partial.content)
 * ```
 */
export async function collectChatResult(events: AsyncIterable<ChatEvent>): Promise<CollectedChatResult> {
  const partial: PartialChatResult = { content: '', citations: [] }
  let complete: ChatResult | undefined
  for await (const item of events) {
    switch (item.event) {
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
      case 'unknown':
        break
      case 'error':
        return { ok: false, error: item.error, partial }
    }
  }
  if (complete) return { ok: true, value: complete }
  if (partial.chatSessionId === undefined) {
    const error = invalidResponseError('the answer ended without a chat session id', partial.content)
    return { ok: false, error, partial }
  }
  const value: ChatResult = {
    chatSessionId: partial.chatSessionId,
    message: { role: 'assistant', content: partial.content, recordsCited: { citations: partial.citations } },
  }
  return { ok: true, value }
}
