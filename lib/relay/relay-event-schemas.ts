import * as v from 'valibot'
import type { ChatError } from '../errors'
import type { ChatResult, MessageChunk, UnknownEvent } from '../types'
import { RecordSchema } from '../protocols/chat-sessions/citation-schemas'
import { ValidationErrorBodySchema } from '../protocols/chat-sessions/event-schemas'

// A `ChatEvent` as `toEventStream` writes it: `JSON.stringify` of the event, camelCase. The package
// never yields a key whose value is `undefined` (JSON would drop it), and these schemas add none,
// so an event read back has exactly the keys of the one written. Distinct from schemas/events.ts,
// which reads the API's snake_case.

function chatEventSchemas() {
  const number = v.number()
  const nullishString = v.nullish(v.string())
  const message = v.string()
  const recordsCited = v.object({ citations: v.array(v.object({ number: v.optional(number), record: RecordSchema, hitUrl: nullishString })) })
  // Error variants by `type`, each without its `type`, which picked the schema.
  const error = {
    invalid_input: v.object({ message, issues: v.array(v.object({ path: v.string(), message })) }),
    http_validation: v.object({ message, status: v.literal(422), detail: ValidationErrorBodySchema.entries.detail }),
    http: v.object({ message, status: number, body: v.string(), retryAfterMs: v.optional(number) }),
    network: v.object({ message }),
    timeout: v.object({
      message,
      phase: v.picklist(['response', 'idle', 'total']),
      ms: number,
    }),
    aborted: v.object({ message }),
    invalid_response: v.object({ message, raw: v.string() }),
    stream_interrupted: v.object({ message, eventsReceived: number }),
    hook: v.object({ message, hook: v.picklist(['onRequest', 'onRequestError', 'onResponse', 'onResponseError']) }),
  } satisfies Record<ChatError['type'], v.GenericSchema>
  return {
    message_chunk: v.object({ chatSessionId: nullishString, chatSessionSignature: v.optional(v.string()), contentChunk: v.string(), finishReason: nullishString }) satisfies v.GenericSchema<unknown, MessageChunk>,
    records_cited: recordsCited,
    chat_result: v.object({
      chatSessionId: v.string(),
      chatSessionSignature: v.optional(v.string()),
      message: v.object({ role: v.literal('assistant'), content: v.string(), recordsCited: v.nullish(recordsCited) }),
    }) satisfies v.GenericSchema<unknown, ChatResult>,
    // An `unknown` event without its `event` field, which picked the schema.
    unknown: v.object({ name: v.string(), data: v.string() }) satisfies v.GenericSchema<unknown, Omit<UnknownEvent, 'event'>>,
    error,
  }
}

/**
 * The schemas of a serialized `ChatEvent` by event name: the `data` of three events, the rest of an
 * `unknown` one, and an `error`'s `error` by its `type`. Built in a call marked pure: esbuild keeps
 * any top-level call into another module (https://github.com/evanw/esbuild/issues/4369), and an app
 * that only calls the API must not carry them.
 */
export const ChatEventSchemas = /* @__PURE__ */ chatEventSchemas()
