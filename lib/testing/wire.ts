import * as v from 'valibot'
import { WireCitationSchema } from '../protocols/chat-sessions/citation-schemas'

// Request bodies as the API's OpenAPI describes them (both revisions), in wire spelling.

const MessageSchema = v.variant('role', [
  v.object({ role: v.literal('user'), content: v.string() }),
  v.object({ role: v.literal('assistant'), content: v.string(), records_cited: v.nullish(v.object({ citations: v.array(WireCitationSchema) })) }),
])

export const CreateBodySchema = v.object({
  integration_id: v.string(),
  chat_session: v.object({
    messages: v.pipe(v.array(MessageSchema), v.length(1, 'List should have exactly 1 item')),
    guidance: v.nullish(v.string()),
    context: v.nullish(v.string()),
    tags: v.nullish(v.array(v.string())),
  }),
  chat_mode: v.nullish(v.string()),
  stream: v.optional(v.boolean(), false),
})

export const ContinueBodySchema = v.object({
  integration_id: v.string(),
  message: MessageSchema,
  stream: v.optional(v.boolean(), false),
})

// Written by hand, since they reach the testing entry's declarations, which must not need valibot's
// types; a type test holds them equal to the schemas' output.

/** A citation as the API spells it. */
export interface WireCitation {
  number?: number | null | undefined
  record: { type: string; url?: string | null | undefined; title?: string | null | undefined; description?: string | null | undefined; breadcrumbs?: string[] | null | undefined }
  hit_url?: string | null | undefined
}

export interface WireUserMessage {
  role: 'user'
  content: string
}

export interface WireAssistantMessage {
  role: 'assistant'
  content: string
  records_cited?: { citations: WireCitation[] } | null | undefined
}

/** A message of a request body, in wire spelling. */
export type WireMessage = WireUserMessage | WireAssistantMessage

/** FastAPI's 422 body for valibot issues: `{ detail: [{ loc: ['body', ...path], msg, type }] }`. */
export function toValidationDetail(issues: readonly v.BaseIssue<unknown>[]): { detail: Array<{ loc: Array<string | number>; msg: string; type: string }> } {
  return {
    detail: issues.map((issue) => ({
      loc: ['body', ...(issue.path ?? []).map((item) => item.key as string | number)],
      msg: issue.message,
      type: issue.type,
    })),
  }
}
