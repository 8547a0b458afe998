import type { EventSourceMessage } from 'eventsource-parser'
import type { Emit, Redact } from '../../call/protocol'
import { invalidResponseError, type ChatError } from '../../errors'
import { parseJsonOrUndefined, parseJsonWith } from '../../schemas/parse-json'
import { readMessageChunk, readRecordsCited, RecordsCitedSchema, WireMessageChunkSchema } from './event-schemas'

/**
 * Hands `emit` the typed event for one SSE message the API sent, or returns why it is invalid: known
 * names are validated and camelCased, unknown names pass through as `unknown` so that a newer server
 * never breaks this client. `redact` removes the key from the server's text in an error: the data, and
 * a JSON syntax error, which quotes it. Emitting rather than returning a result spares an object per event.
 */
export function decodeServerEvent(message: EventSourceMessage, emit: Emit, redact: Redact): ChatError | undefined {
  // Known events get their name as a literal: `message.event` is cut from the network chunk's text,
  // and an event that kept it would keep that whole text alive for as long as the caller keeps the event.
  const name = message.event ?? 'message'
  if (name === 'message_chunk') {
    const data = readMessageChunk(parseJsonOrUndefined(message.data))
    if (data) return void emit({ event: 'message_chunk', data })
    // Only a chunk that failed goes through the schema, which says why.
    const parsed = parseJsonWith(WireMessageChunkSchema, message.data, redact)
    return invalidEvent(name, parsed.ok ? 'invalid' : parsed.error, message.data, redact)
  }
  if (name === 'records_cited') {
    const data = readRecordsCited(parseJsonOrUndefined(message.data))
    if (data) return void emit({ event: 'records_cited', data })
    const parsed = parseJsonWith(RecordsCitedSchema, message.data, redact)
    return invalidEvent(name, parsed.ok ? 'invalid' : parsed.error, message.data, redact)
  }
  return void emit({ event: 'unknown', name, data: message.data })
}

const invalidEvent = (name: string, problem: string, data: string, redact: Redact): ChatError =>
  invalidResponseError(`${name} event: ${problem}`, redact(data))
