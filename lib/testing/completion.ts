import { SAMPLE_AI_ANNOTATIONS, SAMPLE_DOCUMENTS, SAMPLE_LINKS, SAMPLE_RECORDS_CONSIDERED } from './completion-samples'
import type { WireCompletionMessage, WireToolDefinition } from './completions-wire'

// The metadata a v1 answer carries, spelled as Inkeep's tools send it (camelCase in the arguments,
// snake_case in `inkeep-rag` documents); written here rather than taken from the client's types, so a
// mistake in those shows up as a failing test instead of being made on both sides.

/** A link of `provideLinks`' `{ links }`: the answer's citations. */
export interface WireLink {
  label?: string | null | undefined
  url: string
  title?: string | null | undefined
  description?: string | null | undefined
  type?: string | null | undefined
  breadcrumbs?: string[] | null | undefined
}

/** A record of `provideRecordsConsidered`' `{ recordsConsidered }`. */
export interface WireConsideredRecord {
  type: string
  url: string
  title: string
  breadcrumbs?: string[] | null | undefined
}

/** `provideAIAnnotations`' `aiAnnotations`. */
export interface WireAIAnnotations {
  answerConfidence: string
  explanation?: string | undefined
}

/** A document of an `inkeep-rag` answer, whose content is `{ content: WireRagDocument[] }` as JSON. */
export interface WireRagDocument {
  type: 'document'
  record_type: string
  url: string
  title: string
  source: { type: 'content'; content: Array<{ type: 'text'; text: string; media_type?: string | undefined }> }
  context?: string | undefined
}

/** What a completion function is told about the request it answers. */
export interface MockCompletionContext {
  model: string
  /** The whole conversation as sent: v1 keeps no sessions. */
  messages: WireCompletionMessage[]
  /** The function tools the request defines, in order; empty when none. */
  tools: WireToolDefinition[]
  stream: boolean
}

/** What the mock answers on v1 (`POST /v1/chat/completions`). Every field has a default. */
export interface MockCompletion {
  /** The answer's prose; an `inkeep-rag` answer sends `documents` instead. @default a sentence quoting the last message */
  content?: string | undefined
  /** Characters per content delta, and per fragment of a tool call's arguments. @default 12 */
  chunkSize?: number | undefined
  /** `provideLinks`' links, when the request defines that tool; `null` leaves its call out. @default two sample links */
  links?: WireLink[] | null | undefined
  /** `provideRecordsConsidered`' records, when the request defines that tool; `null` leaves its call out. @default three sample records */
  recordsConsidered?: WireConsideredRecord[] | null | undefined
  /** `provideAIAnnotations`' annotations, when the request defines that tool; `null` leaves its call out. @default `very_confident` */
  aiAnnotations?: WireAIAnnotations | null | undefined
  /** Arguments of the caller's own tools by name, sent as JSON; `null` leaves that call out. @default `{}` for each */
  toolArguments?: Record<string, unknown> | undefined
  /** Arguments text by tool name (built-in ones too), sent as is in place of the JSON: to send malformed arguments. */
  rawArguments?: Record<string, string> | undefined
  /** The documents of an `inkeep-rag` answer. @default two sample documents */
  documents?: WireRagDocument[] | undefined
  /**
   * Ends a streamed answer after `afterEvents` chunks with `data: {"error":{"message":…,"type":"server_error"}}`
   * and no `[DONE]`, as a server failing mid-answer does; a JSON answer becomes a 500 with that error.
   */
  streamError?: { afterEvents: number; message?: string | undefined } | undefined
  /** Pause before each chunk after the first, in ms. @default 0 */
  delayMs?: number | undefined
}

/** A `MockCompletion` with its defaults applied. */
export interface ResolvedCompletion {
  content: string
  chunkSize: number
  links: WireLink[] | null
  recordsConsidered: WireConsideredRecord[] | null
  aiAnnotations: WireAIAnnotations | null
  toolArguments: Record<string, unknown>
  rawArguments: Record<string, string>
  documents: WireRagDocument[]
  streamError: { afterEvents: number; message: string } | undefined
  delayMs: number
}

function defaultContent({ messages }: MockCompletionContext): string {
  const question = messages.filter((message) => message.role === 'user').at(-1)?.content ?? ''
  return `You asked: "${question}". This is the mock Inkeep server answering through its OpenAI-compatible API, ` +
    'in small deltas, citing two sample sources [1][2].'
}

/** Returns the answer the `completion` option gives for `context`, its defaults applied. */
export function resolveCompletion(option: MockCompletion | ((context: MockCompletionContext) => MockCompletion) | undefined, context: MockCompletionContext): ResolvedCompletion {
  const given = (typeof option === 'function' ? option(context) : option) ?? {}
  const { streamError } = given
  return {
    content: given.content ?? defaultContent(context),
    chunkSize: given.chunkSize ?? 12,
    links: given.links === undefined ? SAMPLE_LINKS : given.links,
    recordsConsidered: given.recordsConsidered === undefined ? SAMPLE_RECORDS_CONSIDERED : given.recordsConsidered,
    aiAnnotations: given.aiAnnotations === undefined ? SAMPLE_AI_ANNOTATIONS : given.aiAnnotations,
    toolArguments: given.toolArguments ?? {},
    rawArguments: given.rawArguments ?? {},
    documents: given.documents ?? SAMPLE_DOCUMENTS,
    streamError: streamError && { afterEvents: streamError.afterEvents, message: streamError.message ?? 'The mock server failed mid-answer' },
    delayMs: given.delayMs ?? 0,
  }
}
