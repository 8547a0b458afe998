import type { EventSourceMessage } from 'eventsource-parser'
import * as v from 'valibot'
import { invalidResponseError, type ChatError } from './errors'
import { fail, ok, type Result } from './internal/result'
import { RecordsCitedSchema, toMessageChunk, WireMessageChunkSchema } from './schemas/events'
import type { ChatEvent } from './types'

/** Describes the first valibot issue with its path, such as `citations.0.record: Invalid type…`. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0]
  if (!first) return 'invalid'
  const path = v.getDotPath(first)
  return path ? `${path}: ${first.message}` : first.message
}

/**
 * Returns the typed event for one SSE message: known names are validated and camelCased, unknown
 * names pass through as `unknown` so that a newer server never breaks this client.
 */
export function parseServerEvent(message: EventSourceMessage): Result<ChatEvent, ChatError> {
  const name = message.event ?? 'message'
  if (name !== 'message_chunk' && name !== 'records_cited') return ok({ event: 'unknown', name, data: message.data })
  // JSON.parse here rather than valibot's parseJson at the head of the schema's pipe: measured on
  // Node 20, 0.42 instead of 0.49 µs per message_chunk, where JSON.parse alone takes 0.24.
  let json: unknown
  try {
    json = JSON.parse(message.data)
  } catch (error) {
    return fail(invalidResponseError(`${name} event: Invalid JSON: ${(error as Error).message}`, message.data))
  }
  if (name === 'message_chunk') {
    const parsed = v.safeParse(WireMessageChunkSchema, json)
    return parsed.success ? ok({ event: name, data: toMessageChunk(parsed.output) }) : invalidEvent(name, parsed.issues, message.data)
  }
  const parsed = v.safeParse(RecordsCitedSchema, json)
  return parsed.success ? ok({ event: name, data: parsed.output }) : invalidEvent(name, parsed.issues, message.data)
}

const invalidEvent = (name: string, issues: readonly v.BaseIssue<unknown>[], data: string): Result<never, ChatError> =>
  fail(invalidResponseError(`${name} event: ${describeIssues(issues)}`, data))
