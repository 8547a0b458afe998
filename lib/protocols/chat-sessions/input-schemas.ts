import * as v from 'valibot'
import { recordsCitedSchema, RecordSchema, toWireCitation } from './citation-schemas'
import { describeRule, requiredObjectSchema } from '../../schemas/rule-messages'
import { BooleanSchema, NonEmptyStringSchema, StringArraySchema, StringSchema } from '../../schemas/rules'

// Outbound schemas: what callers pass in (camelCase) becomes the wire body (snake_case).
// Unknown keys are dropped, so a typo never reaches the server as an unexpected field.
// A rule beyond a type gives the type schema the same message, so a caller reads one sentence either way;
// a required field that is missing reads `is required: …` instead of `must be …` (rule-messages.ts).

// pure: see schemas/rules.ts
const CitationSchema = /* @__PURE__ */ (() =>
  v.pipe(
  // A citation number is an integer in the API's schema; that also refuses Infinity and NaN, which
  // JSON.stringify would send as `null`.
  requiredObjectSchema({
    number: v.optional(v.pipe(v.number('must be a whole number'), v.integer('must be a whole number'))),
    record: RecordSchema,
    hitUrl: v.nullish(StringSchema),
  }, 'an object with a record'),
  v.transform(toWireCitation),
))()

/**
 * One object for both roles, so a message is checked the same way whatever its role; only an
 * assistant message carries its citations on to the wire.
 */
const MessageSchema = /* @__PURE__ */ (() =>
  v.pipe(
  requiredObjectSchema({
    role: v.picklist(['user', 'assistant'], describeRule('"user" or "assistant"')),
    content: StringSchema,
    recordsCited: v.nullish(recordsCitedSchema(CitationSchema)),
  }, 'an object with role and content'),
  // `undefined` is left out by JSON.stringify, so a user message goes out without the field.
  v.transform(({ role, content, recordsCited }) => ({ role, content, records_cited: role === 'user' ? undefined : recordsCited })),
))()

/** `CreateChatSessionInput` → the body of `POST /v0/chat_sessions/chat_results`. */
export const CreateChatSessionInputSchema = /* @__PURE__ */ (() =>
  v.pipe(
    requiredObjectSchema({
      integrationId: NonEmptyStringSchema,
      chatSession: requiredObjectSchema({
        messages: v.pipe(v.array(MessageSchema, describeRule('an array of messages')), v.nonEmpty('must hold at least one message')),
        guidance: v.nullish(StringSchema),
        context: v.nullish(StringSchema),
        tags: v.optional(StringArraySchema),
      }, 'an object with messages'),
      chatMode: v.optional(StringSchema),
      stream: v.optional(BooleanSchema, true),
    }, 'an object with integrationId and chatSession'),
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
    requiredObjectSchema({
      chatSessionId: v.pipe(
        NonEmptyStringSchema,
        // WHATWG URL parsing resolves '.' and '..' segments even when percent-encoded
        // (https://url.spec.whatwg.org/#double-dot-path-segment), so no encoding makes them safe.
        v.notValues(['.', '..'], 'must not be "." or ".."'),
      ),
      integrationId: NonEmptyStringSchema,
      message: MessageSchema,
      stream: v.optional(BooleanSchema, true),
    }, 'an object with chatSessionId, integrationId and message'),
    v.transform(({ chatSessionId, integrationId, message, stream }) => ({
      path: `/v0/chat_sessions/${encodeURIComponent(chatSessionId)}/chat_results`,
      stream,
      body: { integration_id: integrationId, message, stream },
    })),
  )
)()
