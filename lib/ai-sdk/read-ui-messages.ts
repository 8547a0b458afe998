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

/** A message of a `useChat` request as read: a role, parts with a type, and metadata of any shape. */
export type UIMessageRead = v.InferOutput<typeof MessagesSchema>[number]

/** The messages of a `useChat` request body, or `invalid_input` naming what is wrong with them. */
export function readUIMessages(messages: unknown): Result<UIMessageRead[], InvalidInputError> {
  const parsed = v.safeParse(MessagesSchema, messages)
  return parsed.success ? ok(parsed.output) : fail(invalidInputError(toInputIssues(parsed.issues, 'input.messages')))
}

/** The text of `message`: its text parts, in order, joined by newlines. */
export const textOf = (message: UIMessageRead): string =>
  message.parts.flatMap((part) => (part.type === 'text' && typeof part.text === 'string' ? [part.text] : [])).join('\n')

/** The issue of a request that asks nothing: no user message with text where one is needed. */
export const NO_USER_TEXT_RULE = 'must hold a user message with text'
