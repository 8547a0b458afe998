import type { Citation } from '../types'
import type { WireCitation } from './wire'

/** What the mock answers. Every field has a default. */
export interface MockAnswer {
  /** The whole answer text. */
  text?: string | undefined
  /** Cited records, sent as one `records_cited` event after the text. @default two sample records */
  citations?: Citation[] | undefined
  /** Characters per `message_chunk`. @default 12 */
  chunkSize?: number | undefined
  /** Pause before each event after the first, in ms. @default 0 */
  delayMs?: number | undefined
}

/** A `MockAnswer` with its defaults applied. */
export interface ResolvedAnswer {
  text: string
  citations: Citation[]
  chunkSize: number
  delayMs: number
}

export const SAMPLE_CITATIONS: Citation[] = [
  {
    number: 1,
    record: {
      type: 'documentation',
      url: 'https://docs.inkeep.com/overview',
      title: 'Overview',
      breadcrumbs: ['Docs', 'Overview'],
    },
    hitUrl: 'https://docs.inkeep.com/overview#getting-started',
  },
  { number: 2, record: { type: 'site', url: 'https://inkeep.com', title: 'Inkeep' } },
]

// The mock spells the wire itself rather than borrow the client's mapping: a mistake there would
// otherwise be made the same way on both sides, and no test against the mock would see it.
const toWireCitation = ({ number, record, hitUrl }: Citation): WireCitation => ({ number, record, hit_url: hitUrl })

/** Splits `text` into chunks of `size` characters, never between the two halves of a surrogate pair. */
function splitText(text: string, size: number): string[] {
  const chunks: string[] = []
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + Math.max(1, size))
    if (end < text.length && (text.charCodeAt(end) & 0xfc00) === 0xdc00) end++
    chunks.push(text.slice(start, end))
    start = end
  }
  return chunks
}

const sseEvent = (name: string, data: unknown): string => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`

/**
 * Returns the SSE events of an answer, each a complete `event:`/`data:` block: the text in
 * `message_chunk`s, a last empty chunk with `finish_reason: "stop"`, then `records_cited`
 * (the order the API uses).
 */
export function toServerEvents(chatSessionId: string, answer: ResolvedAnswer): string[] {
  const events = splitText(answer.text, answer.chunkSize).map((chunk) =>
    sseEvent('message_chunk', { chat_session_id: chatSessionId, content_chunk: chunk }),
  )
  events.push(sseEvent('message_chunk', { chat_session_id: chatSessionId, content_chunk: '', finish_reason: 'stop' }))
  if (answer.citations.length > 0) events.push(sseEvent('records_cited', { citations: answer.citations.map(toWireCitation) }))
  return events
}

/** Returns the JSON `ChatResult` body of an answer (`stream: false`). */
export function toChatResultBody(chatSessionId: string, answer: ResolvedAnswer): unknown {
  const recordsCited = answer.citations.length > 0 ? { citations: answer.citations.map(toWireCitation) } : undefined
  return { chat_session_id: chatSessionId, message: { role: 'assistant', content: answer.text, records_cited: recordsCited } }
}
