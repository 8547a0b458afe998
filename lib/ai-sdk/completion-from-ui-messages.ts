import { createChatCompletion } from '../create-chat-completion'
import { ok } from '../internal/result'
import type { CallOptions, ChatConfig, ChatEvent } from '../types'
import { readUIHistory } from './read-ui-history'
import { startAnswer } from './start-answer'
import type { CompletionFromUIMessagesBody } from './types'

/**
 * Answers a `useChat` request through Inkeep's v1 API: sends the whole history to
 * `createChatCompletion`, as v1 keeps no sessions, and yields the answer's events as it does. Each
 * system, user and assistant message goes as its text parts joined by newlines, in order; messages
 * without text are left out. A history without user text gives one `invalid_input` error event, and
 * nothing is sent. Nothing happens before the first `next()`.
 *
 * The history comes from the browser, its system messages included: a route that gives the model
 * instructions of its own removes those before calling this.
 *
 * @example
 * ```ts
 * export async function POST(req: Request): Promise<Response> {
 *   const { messages } = await req.json()
 *   const events = completionFromUIMessages({ apiKey: 'key' }, { model: 'inkeep-qa-expert', messages }, { signal: req.signal })
 *   return toUIMessageStreamResponse(events)
 * }
 * ```
 */
export function completionFromUIMessages(
  config: ChatConfig,
  body: CompletionFromUIMessagesBody,
  options?: CallOptions,
): AsyncGenerator<ChatEvent, void, undefined> {
  return startAnswer(() => {
    const history = readUIHistory(body?.messages)
    if (!history.ok) return history
    const { model, builtInTools } = body
    return ok(createChatCompletion(config, { model, messages: history.value, builtInTools }, options))
  })
}
