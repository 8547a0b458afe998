import * as v from 'valibot'
import type { ChatEvent, MessageChunk, MessageChunkEvent } from '../types'
import { RecordSchema } from '../protocols/chat-sessions/citation-schemas'
import { ValidationErrorBodySchema } from '../protocols/chat-sessions/event-schemas'
import { requiredObjectSchema } from '../schemas/rule-messages'
import { isNullishString } from '../schemas/rules'

// A `ChatEvent` as `toEventStream` writes it: `JSON.stringify` of the event, camelCase. The package
// never yields a key whose value is `undefined` (JSON would drop it) but a `tool_call`'s `arguments`,
// which its schema puts back, and these schemas add no other, so an event read back has exactly the
// keys of the one written. Distinct from the protocols' schemas, which read the APIs' own spelling.

/** The message of an `error` event whose error is missing, or has no `ChatError` type. */
export const ERROR_TYPE_MESSAGE = 'must be a ChatError type'

function chatEventSchema() {
  const number = v.number()
  const nullishString = v.nullish(v.string())
  const message = v.string()
  // A `Citation` as the package yields it, so with any number: the input's citation (input-schemas.ts)
  // takes whole numbers only and words its messages for a caller.
  const recordsCited = v.object({ citations: v.array(v.object({ number: v.optional(number), record: RecordSchema, hitUrl: nullishString })) })
  // A v1 record or annotation keeps whatever other fields Inkeep sent, as the protocol's schemas do.
  const consideredRecord = v.looseObject({ type: v.string(), url: v.string(), title: v.string(), breadcrumbs: v.nullish(v.array(v.string())) })
  const aiAnnotations = v.looseObject({ answerConfidence: v.string(), explanation: v.optional(v.string()) })
  // `arguments` is `undefined` when `argumentsText` is not JSON, and JSON then leaves the key out: the
  // default puts it back, so the event read is the event written. (A default of `undefined` itself
  // would not: valibot adds a missing key only for a default that is not `undefined`.)
  const toolCall = v.object({ id: v.string(), name: v.string(), arguments: v.optional(v.unknown(), () => undefined), argumentsText: v.string() })
  const error = v.variant('type', [
    v.object({ type: v.literal('invalid_input'), message, issues: v.array(v.object({ path: v.string(), message })) }),
    v.object({ type: v.literal('http_validation'), message, status: v.literal(422), detail: ValidationErrorBodySchema.entries.detail }),
    v.object({ type: v.literal('http'), message, status: number, body: v.string(), retryAfterMs: v.optional(number) }),
    v.object({ type: v.literal('network'), message }),
    v.object({ type: v.literal('timeout'), message, phase: v.picklist(['response', 'idle', 'total']), ms: number }),
    v.object({ type: v.literal('aborted'), message }),
    v.object({ type: v.literal('invalid_response'), message, raw: v.string() }),
    v.object({ type: v.literal('stream_interrupted'), message, eventsReceived: number }),
    v.object({ type: v.literal('hook'), message, hook: v.picklist(['onRequest', 'onRequestError', 'onResponse', 'onResponseError']) }),
  ], ERROR_TYPE_MESSAGE)
  // An event whose payload (`data`, `error`) is missing reads as its payload's schema reads `undefined`.
  return v.variant('event', [
    requiredObjectSchema({
      event: v.literal('message_chunk'),
      data: v.object({ chatSessionId: nullishString, chatSessionSignature: v.optional(v.string()), contentChunk: v.string(), finishReason: nullishString }),
    }, 'an object with data'),
    requiredObjectSchema({ event: v.literal('records_cited'), data: recordsCited }, 'an object with data'),
    requiredObjectSchema({
      event: v.literal('chat_result'),
      data: v.object({
        chatSessionId: v.string(),
        chatSessionSignature: v.optional(v.string()),
        message: v.object({ role: v.literal('assistant'), content: v.string(), recordsCited: v.nullish(recordsCited) }),
      }),
    }, 'an object with data'),
    requiredObjectSchema({ event: v.literal('records_considered'), data: v.object({ records: v.array(consideredRecord) }) }, 'an object with data'),
    requiredObjectSchema({ event: v.literal('ai_annotations'), data: aiAnnotations }, 'an object with data'),
    requiredObjectSchema({ event: v.literal('tool_call'), data: toolCall }, 'an object with data'),
    v.object({ event: v.literal('unknown'), name: v.string(), data: v.string() }),
    requiredObjectSchema({ event: v.literal('error'), error }, 'an object with error'),
  ]) satisfies v.GenericSchema<unknown, ChatEvent>
}

// pure: see schemas/rules.ts
/**
 * A serialized `ChatEvent`, told apart by its `event`, and an `error`'s `error` by its `type`. A type
 * test holds its output equal to `ChatEvent`.
 */
export const ChatEventSchema = /* @__PURE__ */ chatEventSchema()

/**
 * The `message_chunk` event when `json` passes that option of `ChatEventSchema`, otherwise `undefined`.
 * This is the option's test written out, as `readMessageChunk` is for the API's chunk: it runs once per
 * relayed chunk, where the variant's checks cost about as much again as the rest of decoding it
 * (`JSON.parse` included). A property test holds the two to the same verdict and output; the schema
 * still explains failures.
 */
export function readChunkEvent(json: Record<string, unknown>): MessageChunkEvent | undefined {
  // `Object()` of a non-object has none of these fields, so it fails on `contentChunk`, as the schema does.
  const { chatSessionId, chatSessionSignature, contentChunk, finishReason } = Object(json.data) as Record<string, unknown>
  if (typeof contentChunk !== 'string' || !isNullishString(chatSessionId) || !isNullishString(finishReason)) return undefined
  if (chatSessionSignature !== undefined && typeof chatSessionSignature !== 'string') return undefined
  // A key the JSON left out stays out, as valibot leaves it out.
  const data: MessageChunk = chatSessionId === undefined ? { contentChunk } : { chatSessionId, contentChunk }
  if (chatSessionSignature !== undefined) data.chatSessionSignature = chatSessionSignature
  if (finishReason !== undefined) data.finishReason = finishReason
  return { event: 'message_chunk', data }
}
