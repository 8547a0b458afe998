import type { Citation } from '../types'
import { SAMPLE_OVERVIEW, SAMPLE_SITE } from './sample-records'
import { splitText } from './split-text'
import type { WireCitation, WireMessage } from './wire'

/** What an answer function is told about the request it answers. */
export interface MockChatContext {
  chatSessionId: string
  /** The whole conversation so far, the new message last. */
  messages: WireMessage[]
}

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

const SAMPLE_CITATIONS: Citation[] = [
  { number: 1, record: SAMPLE_OVERVIEW, hitUrl: 'https://docs.inkeep.com/overview#getting-started' },
  { number: 2, record: SAMPLE_SITE },
]

// The mock spells the wire itself rather than borrow the client's mapping: a mistake there would
// otherwise be made the same way on both sides, and no test against the mock would see it.
const toWireCitation = ({ number, record, hitUrl }: Citation): WireCitation => ({ number, record, hit_url: hitUrl })

const defaultAnswer = ({ messages }: MockChatContext): MockAnswer => {
  const question = messages[messages.length - 1]?.content ?? ''
  const turn = messages.filter((message) => message.role === 'user').length
  return {
    text:
      `You asked: "${question}". This is answer ${turn} of this chat session, from the mock Inkeep server. ` +
      'It streams in small chunks, the way the real API does, and cites two sample sources [1][2].',
  }
}

/** Returns the answer the `answer` option gives for `context`, its defaults applied. */
export function resolveAnswer(option: MockAnswer | ((context: MockChatContext) => MockAnswer) | undefined, context: MockChatContext): ResolvedAnswer {
  const given = typeof option === 'function' ? option(context) : option
  const answer = { ...defaultAnswer(context), ...given }
  return {
    text: answer.text ?? '',
    citations: answer.citations ?? SAMPLE_CITATIONS,
    chunkSize: answer.chunkSize ?? 12,
    delayMs: answer.delayMs ?? 0,
  }
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
