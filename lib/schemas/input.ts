import * as v from 'valibot'
import { RecordSchema } from './citation'

// Outbound schemas: what callers pass in (camelCase) becomes the wire body (snake_case).
// Unknown keys are dropped, so a typo never reaches the server as an unexpected field.
// A rule beyond a type gives the type schema the same message, so a caller reads one sentence either way.

const NON_EMPTY_STRING = 'must be a non-empty string'
const NonEmptyStringSchema = /* @__PURE__ */ (() => v.pipe(v.string(NON_EMPTY_STRING), v.nonEmpty(NON_EMPTY_STRING)))()

const BooleanSchema = /* @__PURE__ */ (() => v.boolean('must be true or false'))()

const CitationSchema = /* @__PURE__ */ (() =>
  v.pipe(
  // A citation number is an integer in the API's schema; that also refuses Infinity and NaN, which
  // JSON.stringify would send as `null`.
  v.object({
    number: v.optional(v.pipe(v.number('must be a whole number'), v.integer('must be a whole number'))),
    record: RecordSchema,
    hitUrl: v.nullish(v.string()),
  }),
  v.transform(({ number, record, hitUrl }) => ({ number, record, hit_url: hitUrl })),
))()

/**
 * One object for both roles, so a message is checked the same way whatever its role; only an
 * assistant message carries its citations on to the wire.
 */
const MessageSchema = /* @__PURE__ */ (() =>
  v.pipe(
  v.object({
    role: v.picklist(['user', 'assistant'], 'must be "user" or "assistant"'),
    content: v.string(),
    recordsCited: v.nullish(v.object({ citations: v.array(CitationSchema) })),
  }),
  // `undefined` is left out by JSON.stringify, so a user message goes out without the field.
  v.transform(({ role, content, recordsCited }) => ({ role, content, records_cited: role === 'user' ? undefined : recordsCited })),
))()

// Every schema is built inside a call marked pure. Rollup drops an unused top-level schema on its
// own, but esbuild keeps any top-level call into another module
// (https://github.com/evanw/esbuild/issues/4369): without the mark, an app importing one function
// would carry the other's schema too, and a page importing only readChatEvents all of them.

/** `CreateChatSessionInput` → the body of `POST /v0/chat_sessions/chat_results`. */
export const CreateChatSessionInputSchema = /* @__PURE__ */ (() =>
  v.pipe(
    v.object({
      integrationId: NonEmptyStringSchema,
      chatSession: v.object({
        messages: v.pipe(v.array(MessageSchema), v.nonEmpty('must hold at least one message')),
        guidance: v.nullish(v.string()),
        context: v.nullish(v.string()),
        tags: v.optional(v.array(v.string())),
      }),
      chatMode: v.optional(v.string()),
      stream: v.optional(BooleanSchema, true),
    }),
    v.transform(({ integrationId, chatSession, chatMode, stream }) => ({
      path: '/v0/chat_sessions/chat_results',
      stream,
      body: { integration_id: integrationId, chat_session: chatSession, chat_mode: chatMode, stream },
    })),
  )
)()

/** `ContinueChatSessionInput` → the path and body of `POST /v0/chat_sessions/{id}/chat_results`. */
export const ContinueChatSessionInputSchema = /* @__PURE__ */ (() =>
  v.pipe(
    v.object({
      chatSessionId: v.pipe(
        NonEmptyStringSchema,
        // WHATWG URL parsing resolves '.' and '..' segments even when percent-encoded
        // (https://url.spec.whatwg.org/#double-dot-path-segment), so no encoding makes them safe.
        v.notValues(['.', '..'], 'must not be "." or ".."'),
      ),
      integrationId: NonEmptyStringSchema,
      message: MessageSchema,
      stream: v.optional(BooleanSchema, true),
    }),
    v.transform(({ chatSessionId, integrationId, message, stream }) => ({
      path: `/v0/chat_sessions/${encodeURIComponent(chatSessionId)}/chat_results`,
      stream,
      body: { integration_id: integrationId, message, stream },
    })),
  )
)()

/** What a validated input becomes: the request path, the wire body, and whether to ask for SSE. */
export type PreparedInput = v.InferOutput<typeof CreateChatSessionInputSchema> | v.InferOutput<typeof ContinueChatSessionInputSchema>
