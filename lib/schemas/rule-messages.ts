import * as v from 'valibot'

// Issue messages read after their path: `config.apiKey is required: …`, `input.stream must be …`.

/**
 * Returns a valibot message for a field that takes `what`: `is required: <what>` when the value is
 * missing, `must be <what>` otherwise, so that a forgotten field never reads like a wrong one.
 */
export const describeRule =
  (what: string) =>
  (issue: v.BaseIssue<unknown>): string =>
    issue.input === undefined ? `is required: ${what}` : `must be ${what}`

/**
 * Returns the message of an object schema over `entries` that takes `what`. valibot reports a missing
 * key with the object's message, at the key's path; that key's own schema then says what it takes, as
 * it would for `{ key: undefined }`, so both spellings of a forgotten field read the same.
 */
export function describeObjectRule(entries: v.ObjectEntries, what: string): (issue: v.BaseIssue<unknown>) => string {
  const describe = describeRule(what)
  return (issue) => {
    const key = issue.path?.[0]?.key
    const entry = issue.path && typeof key === 'string' ? entries[key] : undefined
    return (entry && v.safeParse(entry, undefined).issues?.[0]?.message) || describe(issue)
  }
}

/** `v.object` whose own issues and missing keys are worded by `describeObjectRule`. */
export const requiredObjectSchema = <const TEntries extends v.ObjectEntries>(entries: TEntries, what: string) =>
  v.object(entries, describeObjectRule(entries, what))
