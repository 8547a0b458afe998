const REDACTED = '[redacted]'

/** Shortest start of the secret redacted at the end of a text; fewer characters rarely say anything. */
const MIN_PARTIAL_LENGTH = 6

/**
 * Returns `text` with each whole `secret` replaced, and a start of it left at the end of `text`
 * (before a trailing ellipsis): a body is read up to a limit, and the limit can fall inside an echoed key.
 *
 * Only text from outside the package goes through here, where it enters an error: server bodies and
 * headers, what `fetch` or a hook threw. The package's own wording and issue paths never do, so a
 * short key, as tests use (`'k'`, `'http'`), can't garble them. There is no pass over whole errors
 * at the end: whatever length it required of the key, it could still rewrite the package's words.
 */
export function redactText(text: string, secret: string): string {
  if (!secret) return text
  const whole = text.split(secret).join(REDACTED)
  const kept = whole.endsWith('…') ? whole.slice(0, -1) : whole
  for (let length = Math.min(secret.length - 1, kept.length); length >= MIN_PARTIAL_LENGTH; length--) {
    if (kept.endsWith(secret.slice(0, length))) return `${kept.slice(0, -length)}${REDACTED}${whole.slice(kept.length)}`
  }
  return whole
}
