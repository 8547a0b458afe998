import type { ChatError } from '../errors'
import { maskedErrorText } from '../relay/mask-chat-error'
import type { ChatEvent, ConsideredRecord, FinishReason } from '../types'
import { claimPartId } from './part-ids'
import { createSourcePartWriter } from './source-parts'
import type { ToUIMessageStreamOptions, UIFinishReason, UIMessageStreamPart } from './types'

/** The id of the answer's one text part; a client tells text parts of one message apart by it. */
const TEXT_ID = 'text-1'

/** The id of the one part that holds every record considered, which the client updates in place. */
const RECORDS_CONSIDERED_ID = 'records-considered'

/**
 * Inkeep's finish reasons in the AI SDK's spelling; any other is `other`, which the SDK accepts. Read
 * with `Object.hasOwn`: the reason is the server's text, and `__proto__` or `constructor` must not
 * find what every object inherits.
 */
const FINISH_REASONS: Record<string, UIFinishReason> = { stop: 'stop', length: 'length', content_filter: 'content-filter', tool_calls: 'tool-calls' }

const toUIFinishReason = (reason: string): UIFinishReason => (Object.hasOwn(FINISH_REASONS, reason) ? FINISH_REASONS[reason]! : 'other')

/** What `onError` makes of `error`, or the masked text when it throws or gives no string. */
function errorTextOf(error: ChatError, onError: (error: ChatError) => string): string {
  try {
    const text = onError(error)
    if (typeof text === 'string') return text
  } catch {}
  return maskedErrorText(error)
}

/** Turns the events of one answer into UI message stream parts, in order. Holds the answer's state. */
export interface UIMessagePartMapper {
  /** The parts `item` adds: `start` first of all, then text, sources, metadata, data, or the final `error`. */
  map(item: ChatEvent): UIMessageStreamPart[]
  /** The parts that close a complete answer: `text-end` when text was sent, then `finish`. */
  end(): UIMessageStreamPart[]
  /** The parts that close an answer whose events could not be read: `text-end` when open, then `error`. */
  fail(errorText: string): UIMessageStreamPart[]
}

/** Returns a mapper for one answer. `messageId` goes into the `start` part when given; `onError` writes the `error` part's text. */
export function createUIMessagePartMapper({ messageId, onError = maskedErrorText }: ToUIMessageStreamOptions = {}): UIMessagePartMapper {
  let started = false
  let textOpen = false
  let chatSessionId: string | undefined
  const sources = createSourcePartWriter()
  let recordsConsidered: ConsideredRecord[] = []
  const toolCallIds = new Set<string>()
  let finishReason: UIFinishReason | undefined

  // Each helper appends to `parts`, so one event costs one array.
  const begin = (parts: UIMessageStreamPart[]): void => {
    if (started) return
    started = true
    parts.push(messageId === undefined ? { type: 'start' } : { type: 'start', messageId })
  }
  const session = (parts: UIMessageStreamPart[], id: string | null | undefined): void => {
    if (!id || chatSessionId !== undefined) return
    chatSessionId = id
    parts.push({ type: 'message-metadata', messageMetadata: { chatSessionId: id } })
  }
  const text = (parts: UIMessageStreamPart[], delta: string): void => {
    if (delta === '') return
    if (!textOpen) parts.push({ type: 'text-start', id: TEXT_ID })
    textOpen = true
    parts.push({ type: 'text-delta', id: TEXT_ID, delta })
  }
  const finish = (reason: FinishReason | null | undefined): void => {
    if (reason) finishReason = toUIFinishReason(reason)
  }
  const closeText = (parts: UIMessageStreamPart[]): void => {
    if (textOpen) parts.push({ type: 'text-end', id: TEXT_ID })
    textOpen = false
  }

  return {
    map(item) {
      const parts: UIMessageStreamPart[] = []
      begin(parts)
      switch (item.event) {
        case 'message_chunk':
          session(parts, item.data.chatSessionId)
          text(parts, item.data.contentChunk)
          finish(item.data.finishReason)
          break
        case 'records_cited':
          sources(parts, item.data.citations)
          break
        case 'chat_result':
          // A JSON answer is complete by definition, so it finishes with `stop`.
          session(parts, item.data.chatSessionId)
          text(parts, item.data.message.content)
          closeText(parts)
          sources(parts, item.data.message.recordsCited?.citations ?? [])
          finishReason ??= 'stop'
          break
        case 'records_considered':
          // Resent whole under the same id, so the page holds every record in one part, as collectChatResult does.
          recordsConsidered = recordsConsidered.concat(item.data.records)
          parts.push({ type: 'data-records-considered', id: RECORDS_CONSIDERED_ID, data: { records: recordsConsidered } })
          break
        case 'ai_annotations':
          // The client merges metadata parts into `message.metadata`, beside a session id sent earlier.
          parts.push({ type: 'message-metadata', messageMetadata: { aiAnnotations: item.data } })
          break
        case 'tool_call':
          // Keyed by the call's own id, so a page can match it; a server may leave it empty, or repeat it.
          parts.push({ type: 'data-tool-call', id: claimPartId(toolCallIds, item.data.id || 'tool-call'), data: item.data })
          break
        case 'unknown':
          // The SDK's client refuses a part type it does not know, so there is nothing to send.
          break
        case 'error':
          closeText(parts)
          parts.push({ type: 'error', errorText: errorTextOf(item.error, onError) })
          break
      }
      return parts
    },
    end() {
      const parts: UIMessageStreamPart[] = []
      begin(parts)
      closeText(parts)
      parts.push(finishReason === undefined ? { type: 'finish' } : { type: 'finish', finishReason })
      return parts
    },
    fail(errorText) {
      const parts: UIMessageStreamPart[] = []
      begin(parts)
      closeText(parts)
      parts.push({ type: 'error', errorText })
      return parts
    },
  }
}
