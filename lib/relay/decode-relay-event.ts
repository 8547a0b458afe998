import type { EventSourceMessage } from 'eventsource-parser'
import * as v from 'valibot'
import { invalidResponseError, type ChatError } from '../errors'
import { fail, ok, type Result } from '../internal/result'
import { describeIssues } from '../schemas/parse-json'
import { DONE_EVENT_NAME, ERROR_EVENT_NAME } from './wire'
import { ChatEventSchemas } from './relay-event-schemas'
import type { ChatEvent } from '../types'

type EventName = keyof typeof ChatEventSchemas | typeof DONE_EVENT_NAME

/** The message that ends a stream written to its end: not an event, it is never yielded. */
export interface StreamDone {
  event: typeof DONE_EVENT_NAME
}

const STREAM_DONE: StreamDone = { event: DONE_EVENT_NAME }

const isEventName = (name: string): name is EventName => name === DONE_EVENT_NAME || Object.hasOwn(ChatEventSchemas, name)

/**
 * Returns the `ChatEvent` that `toEventStream` wrote as one SSE message, or `StreamDone` for its last
 * message: its `data` is the event's JSON, validated, and its name must match the JSON's `event`
 * (`chat_error`, or `error` as earlier versions wrote it, for an `error`). Other names pass through as
 * `unknown`, so that a page never breaks on an event added to a newer server.
 */
export function parseChatEvent(message: EventSourceMessage): Result<ChatEvent | StreamDone, ChatError> {
  const sseName = message.event ?? 'message'
  const name = sseName === ERROR_EVENT_NAME ? 'error' : sseName
  if (!isEventName(name)) return ok({ event: 'unknown', name, data: message.data })
  let json: Record<string, unknown>
  try {
    json = Object(JSON.parse(message.data))
  } catch (error) {
    return invalid(sseName, `Invalid JSON: ${(error as Error).message}`, message.data)
  }
  if (json.event !== name) return invalid(sseName, `its "event" field is not "${name}"`, message.data)
  if (name === DONE_EVENT_NAME) return ok(STREAM_DONE)
  const parsed = parsePayload(name, json)
  return parsed.ok ? parsed : invalid(sseName, parsed.error, message.data)
}

/** Validates what the event's name does not say, and builds the event; a failure is described. */
function parsePayload(name: Exclude<EventName, typeof DONE_EVENT_NAME>, json: Record<string, unknown>): Result<ChatEvent, string> {
  if (name === 'unknown') return check(ChatEventSchemas.unknown, json, (rest) => ({ event: 'unknown', ...rest }))
  if (name !== 'error') return check(ChatEventSchemas[name] as v.GenericSchema, json.data, (data) => ({ event: name, data }) as ChatEvent)
  const error = Object(json.error) as Record<string, unknown>
  const type = error.type as ChatError['type']
  if (typeof type !== 'string' || !Object.hasOwn(ChatEventSchemas.error, type)) return fail('error.type: must be a ChatError type')
  return check(ChatEventSchemas.error[type] as v.GenericSchema<unknown, object>, error, (rest) => ({ event: 'error', error: { type, ...rest } as ChatError }))
}

function check<T>(schema: v.GenericSchema<unknown, T>, input: unknown, build: (output: T) => ChatEvent): Result<ChatEvent, string> {
  const parsed = v.safeParse(schema, input)
  return parsed.success ? ok(build(parsed.output)) : fail(describeIssues(parsed.issues))
}

const invalid = (name: string, problem: string, data: string): Result<never, ChatError> => fail(invalidResponseError(`${name} event: ${problem}`, data))
