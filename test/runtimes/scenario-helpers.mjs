// What the v0 and v1 conformance scenarios share: the mock's key, the answer text, and checks that
// throw `CheckFailed` saying what differed. Plain ESM, no `node:` imports.

export const API_KEY = 'conformance-key-7f3a'
export const TEXT = 'Install the widget, add your integration id, then ask a question. Ünïcödé and emoji 🚀 survive chunking.'

export class CheckFailed extends Error {}
export function check(condition, message) {
  if (!condition) throw new CheckFailed(message)
}
export const equal = (actual, expected, what) => check(actual === expected, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)

// Keys sorted at every level: schemas may rebuild an object in another key order than the one written.
const canonicalJSON = (value) =>
  JSON.stringify(value, (_, item) => (item && typeof item === 'object' && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1))) : item))

/** Checks that `actual` and `expected` are the same JSON, whatever the order of their keys. */
export const sameJSON = (actual, expected, what) => equal(canonicalJSON(actual), canonicalJSON(expected), what)

/** Reads `events` to the end, or until `onEvent` returns `'break'`; resolves what it read. */
export async function drain(events, onEvent = () => {}) {
  const seen = []
  for await (const item of events) {
    seen.push(item)
    if (onEvent(item, seen) === 'break') break
  }
  return seen
}

/** Checks that `events` end with their only error, of `type`, which has a message and no key; returns it. */
export function checkErrorLast(events, type) {
  const errors = events.filter((item) => item.event === 'error')
  equal(errors.length, 1, 'error events')
  check(events.at(-1) === errors[0], 'the error event is the last one')
  equal(errors[0].error.type, type, 'error type')
  check(typeof errors[0].error.message === 'string' && errors[0].error.message.length > 0, 'the error has a message')
  check(!JSON.stringify(errors[0]).includes(API_KEY), 'the error does not contain the API key')
  return errors[0].error
}

export const eventsNamed = (events, name) => events.filter((item) => item.event === name)
export const chunksOf = (events) => eventsNamed(events, 'message_chunk')
export const contentOf = (events) => chunksOf(events).map((item) => item.data.contentChunk).join('')
