import * as v from 'valibot'
import { DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_EVENT_BYTES, MAX_TIMER_MS } from '../config'

// Options of the two ends of the package's own SSE stream, worded as config.ts words the config's.

/** A whole number from `min` to `max`, every step carrying the whole rule as its message. */
const wholeNumberSchema = (min: number, max: number, unit: string) => {
  const message = `must be a whole number of ${unit} from ${min} to ${max}`
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message))
}

// Duck-typed rather than `v.instance(AbortSignal)`, which would refuse a signal from another realm.
const isAbortSignal = (input: unknown): input is AbortSignal =>
  typeof (input as AbortSignal | null)?.aborted === 'boolean' && typeof (input as AbortSignal).addEventListener === 'function'

// Built inside calls marked pure: esbuild keeps any top-level call into another module
// (https://github.com/evanw/esbuild/issues/4369), and neither end's schema belongs in the other's
// bundle, nor in an app that only calls the API.

/** `readChatEvents` options with their defaults applied. */
export const ReadChatEventsOptionsSchema = /* @__PURE__ */ (() =>
  v.object({
    signal: v.optional(v.custom<AbortSignal>(isAbortSignal, 'must be an AbortSignal')),
    idleTimeoutMs: v.optional(wholeNumberSchema(1, MAX_TIMER_MS, 'milliseconds'), DEFAULT_IDLE_TIMEOUT_MS),
    maxEventBytes: v.optional(wholeNumberSchema(1024, 2 ** 30, 'bytes'), DEFAULT_MAX_EVENT_BYTES),
  }, 'must be an object with signal, idleTimeoutMs or maxEventBytes'))()

/** `toEventStream` options; no heartbeat unless one is asked for. */
export const EventStreamOptionsSchema = /* @__PURE__ */ (() =>
  v.object({ heartbeatMs: v.optional(wholeNumberSchema(1, MAX_TIMER_MS, 'milliseconds')) }, 'must be an object with heartbeatMs'))()
