import * as v from 'valibot'
import { DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_EVENT_BYTES, MAX_EVENT_BYTES, MAX_TIMER_MS } from '../call/config'
import { SessionSecretSchema } from './session-signature'
import { abortSignalSchema, wholeNumberSchema } from '../schemas/rules'

// Options of the two ends of the package's own SSE stream, worded as config.ts words the config's.
// Neither end's schema belongs in the other's bundle, nor in an app that only calls the API.

// pure: see schemas/rules.ts
/** `readChatEvents` options with their defaults applied. */
export const ReadChatEventsOptionsSchema = /* @__PURE__ */ (() =>
  v.object({
    signal: v.optional(abortSignalSchema()),
    idleTimeoutMs: v.optional(wholeNumberSchema('whole number of milliseconds', 1, MAX_TIMER_MS), DEFAULT_IDLE_TIMEOUT_MS),
    maxEventBytes: v.optional(wholeNumberSchema('whole number of bytes', 1024, MAX_EVENT_BYTES), DEFAULT_MAX_EVENT_BYTES),
  }, 'must be an object with signal, idleTimeoutMs or maxEventBytes'))()

/** `toEventStream` options; no heartbeat unless one is asked for. */
export const EventStreamOptionsSchema = /* @__PURE__ */ (() =>
  v.object({
    heartbeatMs: v.optional(wholeNumberSchema('whole number of milliseconds', 1, MAX_TIMER_MS)),
    onError: v.optional(v.function('must be a function')),
    sessionSecret: v.optional(SessionSecretSchema),
  }, 'must be an object with heartbeatMs, onError or sessionSecret'))()
