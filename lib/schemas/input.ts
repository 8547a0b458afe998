import * as v from 'valibot'
import { RecordSchema } from './citation'

// Outbound schemas: what callers pass in (camelCase) becomes the wire body (snake_case).
// Unknown keys are dropped, so a typo never reaches the server as an unexpected field.

const NonEmptyStringSchema = v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty'))

const CitationSchema = v.pipe(
  // finite: JSON has no Infinity, so JSON.stringify would send `null` in its place.
  v.object({ number: v.optional(v.pipe(v.number(), v.finite())), record: RecordSchema, hitUrl: v.nullish(v.string()) }),
  v.transform(({ number, record, hitUrl }) => ({ number, record, hit_url: hitUrl })),
)

const MessageSchema = v.variant('role', [
  v.object({ role: v.literal('user'), content: v.string() }),
  v.pipe(
    v.object({
      role: v.literal('assistant'),
      content: v.string(),
      recordsCited: v.nullish(v.object({ citations: v.array(CitationSchema) })),
    }),
    v.transform(({ role, content, recordsCited }) => ({ role, content, records_cited: recordsCited })),
  ),
])

/** `CreateChatSessionInput` → the body of `POST /v0/chat_sessions/chat_results`. */
export const CreateChatSessionInputSchema = v.pipe(
  v.object({
    integrationId: NonEmptyStringSchema,
    chatSession: v.object({
      messages: v.pipe(v.array(MessageSchema), v.minLength(1, 'must hold at least one message')),
      guidance: v.nullish(v.string()),
      context: v.nullish(v.string()),
      tags: v.optional(v.array(v.string())),
    }),
    chatMode: v.optional(v.string()),
    stream: v.optional(v.boolean(), true),
  }),
  v.transform(({ integrationId, chatSession, chatMode, stream }) => ({
    path: '/v0/chat_sessions/chat_results',
    stream,
    body: { integration_id: integrationId, chat_session: chatSession, chat_mode: chatMode, stream },
  })),
)

/** `ContinueChatSessionInput` → the path and body of `POST /v0/chat_sessions/{id}/chat_results`. */
export const ContinueChatSessionInputSchema = v.pipe(
  v.object({
    chatSessionId: v.pipe(
      NonEmptyStringSchema,
      // WHATWG URL parsing resolves '.' and '..' segments even when percent-encoded
      // (https://url.spec.whatwg.org/#double-dot-path-segment), so no encoding makes them safe.
      v.check((id) => id !== '.' && id !== '..', 'must not be "." or ".."'),
    ),
    integrationId: NonEmptyStringSchema,
    message: MessageSchema,
    stream: v.optional(v.boolean(), true),
  }),
  v.transform(({ chatSessionId, integrationId, message, stream }) => ({
    path: `/v0/chat_sessions/${encodeURIComponent(chatSessionId)}/chat_results`,
    stream,
    body: { integration_id: integrationId, message, stream },
  })),
)

/** What a validated input becomes: the request path, the wire body, and whether to ask for SSE. */
export type PreparedInput = v.InferOutput<typeof CreateChatSessionInputSchema> | v.InferOutput<typeof ContinueChatSessionInputSchema>
