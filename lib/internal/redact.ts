const REDACTED = '[redacted]'

/** Fields that hold a discriminant or a code, never free text: rewriting them would break the union. */
const CODE_FIELDS = new Set(['type', 'phase'])

/**
 * Returns a copy of `value` in which every free-text string has each occurrence of `secret` replaced.
 * Errors are built from server bodies, user callbacks and `fetch` messages, any of which may echo the key.
 */
export function redact<T>(value: T, secret: string): T {
  if (!secret) return value
  if (typeof value === 'string') return value.split(secret).join(REDACTED) as T
  if (Array.isArray(value)) return value.map((item) => redact(item, secret)) as T
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) copy[key] = CODE_FIELDS.has(key) ? item : redact(item, secret)
    return copy as T
  }
  return value
}
