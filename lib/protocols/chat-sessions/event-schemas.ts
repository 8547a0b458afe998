import * as v from 'valibot'
import type { ChatResult, Citation, CitedRecord, MessageChunk, RecordsCited } from '../../types'
import { recordsCitedSchema, toCitation, WireCitationSchema } from './citation-schemas'
import { describeRule, requiredObjectSchema } from '../../schemas/rule-messages'
import { isNullishString, StringSchema } from '../../schemas/rules'

// Inbound schemas accept both published API revisions: fields the later one made nullable or optional
// are `nullish` here, and open string sets (record type, finish reason) accept any string. Every
// schema carries its own message, which never quotes the server's value: that may echo the key.
// Events carry no key whose value is `undefined`: a field the server left out stays out, so an
// event relayed as JSON and read back has the same keys.

// pure: see schemas/rules.ts
/** `data` of a `records_cited` event once parsed from JSON. */
export const RecordsCitedSchema = /* @__PURE__ */ (() => recordsCitedSchema(v.pipe(WireCitationSchema, v.transform(toCitation))))()

/** `data` of a `message_chunk` event once parsed from JSON, as the API spells it. */
export const WireMessageChunkSchema = /* @__PURE__ */ (() => requiredObjectSchema({
  chat_session_id: v.nullish(StringSchema),
  content_chunk: StringSchema,
  finish_reason: v.nullish(StringSchema),
}, 'an object with content_chunk'))()

/**
 * The camelCased chunk when `json` passes `WireMessageChunkSchema`, otherwise `undefined`. This is
 * the schema's test written out, because it runs once per streamed event and builds the camelCased
 * chunk without an intermediate copy (measurements in test/bench/README.md). A property test holds
 * the two to the same verdict and output; the schema still explains failures.
 */
export function readMessageChunk(json: unknown): MessageChunk | undefined {
  // `Object()` of a non-object has none of these fields, so it fails on `content_chunk`, as the schema does.
  const { chat_session_id: chatSessionId, content_chunk: contentChunk, finish_reason: finishReason } = Object(json) as Record<string, unknown>
  if (typeof contentChunk !== 'string' || !isNullishString(chatSessionId) || !isNullishString(finishReason)) return undefined
  // A field the server left out stays out, as in every event.
  const chunk: MessageChunk = chatSessionId === undefined ? { contentChunk } : { chatSessionId, contentChunk }
  if (finishReason !== undefined) chunk.finishReason = finishReason
  return chunk
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

/** The record of a citation when `RecordSchema` accepts `json`: the keys it holds, nothing added. */
function readRecord(json: unknown): CitedRecord | undefined {
  if (!isObject(json)) return undefined
  const { type, url, title, description, breadcrumbs } = json
  if (typeof type !== 'string' || !isNullishString(url) || !isNullishString(title) || !isNullishString(description)) return undefined
  if (breadcrumbs != null && !(Array.isArray(breadcrumbs) && breadcrumbs.every((crumb) => typeof crumb === 'string'))) return undefined
  const record: CitedRecord = { type }
  if (url !== undefined) record.url = url
  if (title !== undefined) record.title = title
  if (description !== undefined) record.description = description
  if (breadcrumbs !== undefined) record.breadcrumbs = breadcrumbs === null ? null : [...(breadcrumbs as string[])]
  return record
}

/**
 * The camelCased `data` when `json` passes `RecordsCitedSchema`, otherwise `undefined`: the schema's
 * test written out, as `readMessageChunk` is, because an answer's citations can number thousands
 * (measurements in test/bench/README.md). A property test holds the two to the same verdict and
 * output; the schema still explains failures.
 */
export function readRecordsCited(json: unknown): RecordsCited | undefined {
  if (!isObject(json) || !Array.isArray(json.citations)) return undefined
  const citations: Citation[] = []
  for (const item of json.citations as unknown[]) {
    if (!isObject(item)) return undefined
    const { number, hit_url: hitUrl } = item
    const record = readRecord(item.record)
    if (!record || !(number == null || typeof number === 'number') || !isNullishString(hitUrl)) return undefined
    const citation: Citation = number == null ? { record } : { number, record }
    if (hitUrl !== undefined) citation.hitUrl = hitUrl
    citations.push(citation)
  }
  return { citations }
}

/** A JSON `ChatResult` body (`stream: false`) once parsed. */
export const ChatResultSchema = /* @__PURE__ */ (() => v.pipe(
  requiredObjectSchema({
    chat_session_id: StringSchema,
    message: requiredObjectSchema({
      role: v.literal('assistant', describeRule('"assistant"')),
      content: StringSchema,
      records_cited: v.nullish(RecordsCitedSchema),
    }, 'an object with role and content'),
  }, 'an object with chat_session_id and message'),
  v.transform((wire): ChatResult => {
    const message: ChatResult['message'] = { role: 'assistant', content: wire.message.content }
    if (wire.message.records_cited !== undefined) message.recordsCited = wire.message.records_cited
    return { chatSessionId: wire.chat_session_id, message }
  }),
))()

/**
 * A FastAPI 422 body: `{ detail: [{ loc, msg, type }] }`; extra keys such as `input` are dropped. Its
 * messages are never shown: a 422 body that fails it is reported as an `http` error with the body.
 */
export const ValidationErrorBodySchema = /* @__PURE__ */ (() => v.object({
  detail: v.array(v.object({ loc: v.array(v.union([v.string(), v.number()])), msg: v.string(), type: v.string() })),
}))()
