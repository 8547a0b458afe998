import * as v from 'valibot'
import { toInputIssues } from '../call/config'
import { invalidInputError, type InvalidInputError } from '../errors'
import { fail, ok, type Result } from '../internal/result'
import { describeObjectRule, describeRule, requiredObjectSchema } from '../schemas/rule-messages'
import { StringSchema } from '../schemas/rules'

// The messages come from a request body, so nothing about them is trusted. Only what is read is
// checked: parts other than text (files, tools, data) may have any shape a future `ai` gives them.
// An app importing only `toUIMessageStream` must not carry this schema, nor valibot with it.
// pure: see schemas/rules.ts
const MessagesSchema = /* @__PURE__ */ (() => {
  const part = { type: StringSchema }
  return v.array(
    requiredObjectSchema({
      role: StringSchema,
      parts: v.array(v.looseObject(part, describeObjectRule(part, 'an object with a type')), describeRule('an array of parts')),
      metadata: v.optional(v.unknown()),
    }, 'an object with role and parts'),
    describeRule('an array of messages'),
  )
})()

type Message = v.InferOutput<typeof MessagesSchema>[number]

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

const textOf = (message: Message): string =>
  message.parts.flatMap((part) => (part.type === 'text' && typeof part.text === 'string' ? [part.text] : [])).join('\n')

/** The session that `toUIMessageStream` put into an assistant message's metadata, if it did. */
function sessionOf(message: Message, messageIndex: number): NamedSession | undefined {
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
  const parsed = v.safeParse(MessagesSchema, messages)
  if (!parsed.success) return fail(invalidInputError(toInputIssues(parsed.issues, 'input.messages')))
  const list = parsed.output
  let userIndex = list.length - 1
  while (userIndex >= 0 && list[userIndex]!.role !== 'user') userIndex--
  const question = userIndex === -1 ? '' : textOf(list[userIndex]!)
  if (question.trim() === '') {
    const path = userIndex === -1 ? 'input.messages' : `input.messages.${userIndex}.parts`
    return fail(invalidInputError([{ path, message: 'must hold a user message with text' }]))
  }
  for (let index = userIndex - 1; index >= 0; index--) {
    const session = sessionOf(list[index]!, index)
    if (session) return ok({ question, session })
  }
  return ok({ question })
}
