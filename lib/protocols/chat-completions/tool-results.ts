import * as v from 'valibot'
import type { AIAnnotations, ChatEvent, Citation, CitedRecord, ConsideredRecord } from '../../types'
import { parseJsonOrUndefined } from '../../schemas/parse-json'
import { StringArraySchema } from '../../schemas/rules'

// What a completed tool call becomes. Inkeep's built-in tools carry the answer's metadata as JSON
// arguments (https://docs.inkeep.com/ai-api/question-answer-mode/overview); each is read into the
// event that says what it means. A call whose arguments do not parse or validate, and any call of
// another tool, is a `tool_call` with its text, so nothing the server sent is lost.

/** A tool call whose fragments are all in: `argumentsText` is their concatenation. */
export interface CompletedToolCall {
  id: string
  name: string
  argumentsText: string
}

const nullishString = () => v.nullish(v.string())

// pure: see schemas/rules.ts
/** `provideLinks`' arguments. A link's fields other than `url` may be null or missing; others are ignored. */
const ProvideLinksSchema = /* @__PURE__ */ (() =>
  v.object({
    links: v.nullable(
      v.array(
        v.object({
          label: v.nullish(v.union([v.string(), v.number()])),
          url: v.string(),
          title: nullishString(),
          description: nullishString(),
          type: nullishString(),
          breadcrumbs: v.nullish(StringArraySchema),
        }),
      ),
    ),
  }))()

/** `provideRecordsConsidered`' arguments; a record's other fields are kept. */
const ProvideRecordsConsideredSchema = /* @__PURE__ */ (() =>
  v.object({
    recordsConsidered: v.array(v.looseObject({ type: v.string(), url: v.string(), title: v.string(), breadcrumbs: v.nullish(StringArraySchema) })),
  }))()

/** `provideAIAnnotations`' arguments; the annotations' other fields are kept. */
const ProvideAIAnnotationsSchema = /* @__PURE__ */ (() =>
  v.object({ aiAnnotations: v.looseObject({ answerConfidence: v.string(), explanation: nullishString() }) }))()

type WireLink = NonNullable<v.InferOutput<typeof ProvideLinksSchema>['links']>[number]

/** A footnote label such as `"1"` is the citation's number; any other label has none. */
const numberOfLabel = (label: string | number | null | undefined): number | undefined => {
  if (typeof label === 'number') return Number.isInteger(label) ? label : undefined
  return label != null && /^\s*\d+\s*$/.test(label) ? Number(label) : undefined
}

/**
 * A link as a citation. A link names no record type on Inkeep's pages when it is not one of theirs:
 * it is then a `site`. A field the server left out stays out, as in every event.
 */
function toCitation(link: WireLink): Citation {
  const record: CitedRecord = { type: link.type ?? 'site', url: link.url }
  if (link.title !== undefined) record.title = link.title
  if (link.description !== undefined) record.description = link.description
  if (link.breadcrumbs !== undefined) record.breadcrumbs = link.breadcrumbs
  const number = numberOfLabel(link.label)
  return number === undefined ? { record } : { number, record }
}

/** The event for a completed tool call: see the note at the top of this file. */
export function toolCallEvent(call: CompletedToolCall): ChatEvent {
  const json = parseJsonOrUndefined(call.argumentsText)
  switch (call.name) {
    case 'provideLinks': {
      const parsed = v.safeParse(ProvideLinksSchema, json)
      if (parsed.success) return { event: 'records_cited', data: { citations: (parsed.output.links ?? []).map(toCitation) } }
      break
    }
    case 'provideRecordsConsidered': {
      const parsed = v.safeParse(ProvideRecordsConsideredSchema, json)
      if (parsed.success) return { event: 'records_considered', data: { records: parsed.output.recordsConsidered as ConsideredRecord[] } }
      break
    }
    case 'provideAIAnnotations': {
      const parsed = v.safeParse(ProvideAIAnnotationsSchema, json)
      if (parsed.success) {
        const { explanation, ...annotations } = parsed.output.aiAnnotations
        // A null explanation says no more than a missing one, and `explanation` is a string when present.
        return { event: 'ai_annotations', data: (explanation == null ? annotations : { ...annotations, explanation }) as AIAnnotations }
      }
      break
    }
  }
  return { event: 'tool_call', data: { id: call.id, name: call.name, arguments: json, argumentsText: call.argumentsText } }
}
