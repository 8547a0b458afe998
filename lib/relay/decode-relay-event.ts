import type { EventSourceMessage } from 'eventsource-parser'
import * as v from 'valibot'
import { invalidResponseError, type ChatError } from '../errors'
import { fail, ok, type Result } from '../internal/result'
import { describeIssues } from '../schemas/parse-json'
import { DONE_EVENT_NAME, ERROR_EVENT_NAME } from './wire'
import { ChatEventSchema, ERROR_TYPE_MESSAGE, readChunkEvent } from './relay-event-schemas'
import type { ChatEvent } from '../types'

/** The message that ends a stream written to its end: not an event, it is never yielded. */
export interface StreamDone {
  event: typeof DONE_EVENT_NAME
}

const STREAM_DONE: StreamDone = { event: DONE_EVENT_NAME }

// pure: see schemas/rules.ts
/** The names `ChatEventSchema` tells apart, and `done`. */
const EVENT_NAMES: ReadonlySet<string> = /* @__PURE__ */ (() =>
  new Set([DONE_EVENT_NAME, ...ChatEventSchema.options.map((option) => option.entries.event.literal)]))()

/**
 * Returns the `ChatEvent` that `toEventStream` wrote as one SSE message, or `StreamDone` for its last
 * message: its `data` is the event's JSON, validated, and its name must match the JSON's `event`
 * (`chat_error`, or `error` as earlier versions wrote it, for an `error`). Other names pass through as
 * `unknown`, so that a page never breaks on an event added to a newer server.
 */
export function parseChatEvent(message: EventSourceMessage): Result<ChatEvent | StreamDone, ChatError> {
  const sseName = message.event ?? 'message'
  const name = sseName === ERROR_EVENT_NAME ? 'error' : sseName
  if (!EVENT_NAMES.has(name)) return ok({ event: 'unknown', name, data: message.data })
  let json: Record<string, unknown>
  try {
    json = Object(JSON.parse(message.data))
  } catch (error) {
    return invalid(sseName, `Invalid JSON: ${(error as Error).message}`, message.data)
  }
  if (json.event !== name) return invalid(sseName, `its "event" field is not "${name}"`, message.data)
  if (name === DONE_EVENT_NAME) return ok(STREAM_DONE)
  const chunk = name === 'message_chunk' ? readChunkEvent(json) : undefined
  if (chunk) return ok(chunk)
  // Every other event, and a chunk that failed, goes through the schema, which says why.
  const parsed = v.safeParse(ChatEventSchema, json)
  return parsed.success ? ok(parsed.output) : invalid(sseName, describeProblem(name, parsed.issues[0]), message.data)
}

/**
 * Describes an issue from inside the event's payload (`contentChunk: …`, `status: …`); an `unknown`
 * event's fields are its payload. An error without a `ChatError` type reads `error.type: …`, whatever
 * the error is.
 */
function describeProblem(name: string, issue: v.BaseIssue<unknown>): string {
  if (issue.message === ERROR_TYPE_MESSAGE) return `error.type: ${issue.message}`
  if (name === 'unknown') return describeIssues([issue])
  const [, inside, ...rest] = issue.path ?? []
  return describeIssues([{ ...issue, path: inside && [inside, ...rest] }])
}

const invalid = (name: string, problem: string, data: string): Result<never, ChatError> => fail(invalidResponseError(`${name} event: ${problem}`, data))
