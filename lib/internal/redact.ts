const REDACTED = '[redacted]'

/** Top-level fields that hold a discriminant, never free text: rewriting them would break the union. */
const CODE_FIELDS = ['type', 'phase']

/** Shortest start of the secret redacted at the end of a text; fewer characters rarely say anything. */
const MIN_PARTIAL_LENGTH = 6

/**
 * Replaces each whole `secret`, and a start of it left at the end of `text` (before a trailing
 * ellipsis): error texts are cut to a maximum length, and a cut can fall inside an echoed key.
 */
function redactText(text: string, secret: string): string {
  const whole = text.split(secret).join(REDACTED)
  const kept = whole.endsWith('…') ? whole.slice(0, -1) : whole
  for (let length = Math.min(secret.length - 1, kept.length); length >= MIN_PARTIAL_LENGTH; length--) {
    if (kept.endsWith(secret.slice(0, length))) return `${kept.slice(0, -length)}${REDACTED}${whole.slice(kept.length)}`
  }
  return whole
}

/**
 * Returns a copy of `value` in which every free-text string has each occurrence of `secret` replaced.
 * Errors are built from server bodies, user callbacks and `fetch` messages, any of which may echo the key.
 */
export function redact<T>(value: T, secret: string, topLevel = true): T {
  if (!secret) return value
  if (typeof value === 'string') return redactText(value, secret) as T
  if (Array.isArray(value)) return value.map((item) => redact(item, secret, false)) as T
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {}
    // Nested `type` fields, such as a 422 detail's, come from the server and may echo anything.
    for (const [key, item] of Object.entries(value)) copy[key] = topLevel && CODE_FIELDS.includes(key) ? item : redact(item, secret, false)
    return copy as T
  }
  return value
}
