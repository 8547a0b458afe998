import { invalidInputError, type InvalidInputError } from '../errors'
import { fail, ok, type Result } from '../internal/result'
import { NO_USER_TEXT_RULE, readUIMessages, textOf, type UIMessageRead } from './read-ui-messages'

/** The chat session a history names, as `toUIMessageStream` put it into an assistant message's metadata. */
export interface NamedSession {
  chatSessionId: string
  /** `undefined` when the metadata holds no string signature. */
  chatSessionSignature: string | undefined
  /** The index of the message that names it, for the path of an issue. */
  messageIndex: number
}

/** What one `useChat` request asks: the question, and the chat session it names, if any. */
export interface UITurn {
  question: string
  session?: NamedSession | undefined
}

/** The session that `toUIMessageStream` put into an assistant message's metadata, if it did. */
function sessionOf(message: UIMessageRead, messageIndex: number): NamedSession | undefined {
  const { metadata } = message
  if (message.role !== 'assistant' || typeof metadata !== 'object' || metadata === null) return undefined
  const { chatSessionId, chatSessionSignature } = metadata as { chatSessionId?: unknown; chatSessionSignature?: unknown }
  if (typeof chatSessionId !== 'string' || chatSessionId === '') return undefined
  return { chatSessionId, chatSessionSignature: typeof chatSessionSignature === 'string' ? chatSessionSignature : undefined, messageIndex }
}

/**
 * Reads the last user message's text (its text parts, joined by newlines) and the chat session named
 * by the latest assistant message before it that names one, or returns `invalid_input`. Whether that
 * session may be continued is the caller's to decide: the history comes from the browser.
 */
export function readUITurn(messages: unknown): Result<UITurn, InvalidInputError> {
  const read = readUIMessages(messages)
  if (!read.ok) return read
  const list = read.value
  let userIndex = list.length - 1
  while (userIndex >= 0 && list[userIndex]!.role !== 'user') userIndex--
  const question = userIndex === -1 ? '' : textOf(list[userIndex]!)
  if (question.trim() === '') {
    const path = userIndex === -1 ? 'input.messages' : `input.messages.${userIndex}.parts`
    return fail(invalidInputError([{ path, message: NO_USER_TEXT_RULE }]))
  }
  for (let index = userIndex - 1; index >= 0; index--) {
    const session = sessionOf(list[index]!, index)
    if (session) return ok({ question, session })
  }
  return ok({ question })
}
