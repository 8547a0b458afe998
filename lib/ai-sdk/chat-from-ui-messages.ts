import { continueChatSession } from '../continue-chat-session'
import { createChatSession } from '../create-chat-session'
import type { CallOptions, ChatConfig, ChatEvent } from '../types'
import { stopEvents, stoppable } from '../internal/leave-events'
import { readUITurn } from './read-ui-turn'
import type { ChatFromUIMessagesBody } from './types'

/**
 * Answers the last user message of a `useChat` request: continues the chat session named by the
 * latest assistant message's `metadata.chatSessionId` (which `toUIMessageStream` sets), or creates
 * one when there is none, and yields the answer's events as `createChatSession` does. A body without
 * user text gives one `invalid_input` error event and sends nothing. Nothing happens before the
 * first `next()`.
 *
 * @example
 * ```ts
 * const { messages } = await req.json()
 * return toUIMessageStreamResponse(chatFromUIMessages(config, { integrationId, messages }, { signal: req.signal }))
 * ```
 */
export function chatFromUIMessages(config: ChatConfig, body: ChatFromUIMessagesBody, options?: CallOptions): AsyncGenerator<ChatEvent, void, undefined> {
  let answer: AsyncGenerator<ChatEvent, void, undefined> | undefined
  // Stopping these events stops the call inside them, which holds the request.
  return stoppable(answerTurn(config, body, options, (started) => (answer = started)), () => answer && stopEvents(answer))
}

async function* answerTurn(
  config: ChatConfig,
  body: ChatFromUIMessagesBody,
  options: CallOptions | undefined,
  started: (answer: AsyncGenerator<ChatEvent, void, undefined>) => void,
): AsyncGenerator<ChatEvent, void, undefined> {
  const turn = readUITurn(body?.messages)
  if (!turn.ok) {
    yield { event: 'error', error: turn.error }
    return
  }
  const { integrationId } = body
  const message = { role: 'user', content: turn.value.question } as const
  // The v0 API keeps the history of a session itself, so only the new question is sent.
  const answer =
    turn.value.chatSessionId === undefined
      ? createChatSession(config, { integrationId, chatSession: { messages: [message] } }, options)
      : continueChatSession(config, { chatSessionId: turn.value.chatSessionId, integrationId, message }, options)
  started(answer)
  yield* answer
}
