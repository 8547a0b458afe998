import * as v from 'valibot'
import { fail, ok, type Result } from '../internal/result'

/** Describes the first valibot issue with its path, such as `citations.0.record: must be an object with a type`. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0]
  if (!first) return 'invalid'
  // Null at the top, and for a key that is neither a string nor a number, which JSON never has.
  const path = v.getDotPath(first)
  return path ? `${path}: ${first.message}` : first.message
}

/** Returns `text` parsed as JSON, or `undefined` when it is not JSON (no JSON text parses to `undefined`). */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** From the first double quote to the last: the part of a JSON syntax error that quotes the text. */
const QUOTED = /"([^]*)"/

/**
 * `message` of a JSON syntax error with the key removed from the text it quotes: V8 and JavaScriptCore
 * quote a piece of the text, cut after a few characters (`Unexpected token 's', "sk-live-Zq"... is not
 * valid JSON`), and the rest is the runtime's wording. A message without quotes is redacted whole.
 */
const redactSyntaxError = (message: string, redact: (text: string) => string): string =>
  QUOTED.test(message) ? message.replace(QUOTED, (_, quoted: string) => `"${redact(quoted)}"`) : redact(message)

const keepText = (text: string): string => text

/**
 * Returns `text` parsed as JSON and validated against `schema`, or a one-line description of why it
 * is not (`Invalid JSON: …`, `citations.0.record must be …`). `JSON.parse` runs before valibot instead of
 * `v.parseJson()` heading a pipe, because this runs once per event (see test/bench/README.md).
 * A syntax error quotes `text`, so `redact` removes the key from the quote; the schemas' own messages
 * never quote a value.
 */
export function parseJsonWith<TSchema extends v.GenericSchema>(schema: TSchema, text: string, redact: (text: string) => string = keepText): Result<v.InferOutput<TSchema>, string> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return fail(`Invalid JSON: ${redactSyntaxError((error as Error).message, redact)}`)
  }
  const parsed = v.safeParse(schema, json)
  return parsed.success ? ok(parsed.output) : fail(describeIssues(parsed.issues))
}
