import { invalidInputError, type InvalidInputError } from '../errors'
import { fail, ok, type Result } from '../internal/result'
import type { CompletionMessage } from '../types'
import { NO_USER_TEXT_RULE, readUIMessages, textOf } from './read-ui-messages'

type TextRole = 'system' | 'user' | 'assistant'

// A UI message has no `tool` role: the AI SDK keeps tool calls and results as parts of an assistant message.
const isTextRole = (role: string): role is TextRole => role === 'system' || role === 'user' || role === 'assistant'

/**
 * Reads a `useChat` history as v1 messages, oldest first: each system, user and assistant message as
 * its text parts joined by newlines. Messages without text, and of any other role, are left out.
 * Returns `invalid_input` when no user message has text: there would be nothing to answer.
 */
export function readUIHistory(messages: unknown): Result<CompletionMessage[], InvalidInputError> {
  const read = readUIMessages(messages)
  if (!read.ok) return read
  const history: CompletionMessage[] = []
  for (const message of read.value) {
    const content = textOf(message)
    if (isTextRole(message.role) && content.trim() !== '') history.push({ role: message.role, content })
  }
  if (!history.some((message) => message.role === 'user')) return fail(invalidInputError([{ path: 'input.messages', message: NO_USER_TEXT_RULE }]))
  return ok(history)
}
