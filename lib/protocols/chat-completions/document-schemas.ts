import * as v from 'valibot'
import type { RagDocument } from '../../types'

// `inkeep-rag`'s answer: its content is a JSON string `{ content: Document[] }`
// (https://docs.inkeep.com/ai-api/rag-mode/http-request), read here and camelCased. Messages never
// quote a value, which from a server may echo the key.

const string = () => v.string('must be a string')

// pure: see schemas/rules.ts
const DocumentSchema = /* @__PURE__ */ (() =>
  v.pipe(
    v.object({
      type: string(),
      record_type: string(),
      url: string(),
      title: string(),
      source: v.object({
        type: string(),
        content: v.array(
          v.object({ type: string(), text: v.optional(string()), media_type: v.optional(string()), data: v.optional(string()) }, 'must be an object with a type'),
          'must be an array',
        ),
      }, 'must be an object with type and content'),
      context: v.nullish(string()),
    }, 'must be an object with type, record_type, url, title and source'),
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
  v.object({ content: v.array(DocumentSchema, 'must be an array of documents') }, 'must be an object with content'))()
