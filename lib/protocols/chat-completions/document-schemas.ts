import * as v from 'valibot'
import type { RagDocument } from '../../types'
import { describeRule, requiredObjectSchema } from '../../schemas/rule-messages'
import { StringSchema } from '../../schemas/rules'

// `inkeep-rag`'s answer: its content is a JSON string `{ content: Document[] }`
// (https://docs.inkeep.com/ai-api/rag-mode/http-request), read here and camelCased. Messages never
// quote a value, which from a server may echo the key.

// pure: see schemas/rules.ts
const DocumentSchema = /* @__PURE__ */ (() =>
  v.pipe(
    requiredObjectSchema({
      type: StringSchema,
      record_type: StringSchema,
      url: StringSchema,
      title: StringSchema,
      source: requiredObjectSchema({
        type: StringSchema,
        content: v.array(
          requiredObjectSchema({ type: StringSchema, text: v.optional(StringSchema), media_type: v.optional(StringSchema), data: v.optional(StringSchema) }, 'an object with a type'),
          describeRule('an array'),
        ),
      }, 'an object with type and content'),
      context: v.nullish(StringSchema),
    }, 'an object with type, record_type, url, title and source'),
    v.transform(({ type, record_type: recordType, url, title, source, context }): RagDocument => {
      const content = source.content.map(({ type, text, media_type: mediaType, data }) => {
        const part: RagDocument['source']['content'][number] = { type }
        if (text !== undefined) part.text = text
        if (mediaType !== undefined) part.mediaType = mediaType
        if (data !== undefined) part.data = data
        return part
      })
      const document: RagDocument = { type, recordType, url, title, source: { type: source.type, content } }
      if (context != null) document.context = context
      return document
    }),
  ))()

/** The JSON text of an `inkeep-rag` answer's content. */
export const RagAnswerSchema = /* @__PURE__ */ (() =>
  requiredObjectSchema({ content: v.array(DocumentSchema, describeRule('an array of documents')) }, 'an object with content'))()
