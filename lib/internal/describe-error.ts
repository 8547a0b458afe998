/**
 * Returns a one-line description of a thrown value and its `cause` chain, innermost detail last,
 * such as `fetch failed: connect ECONNREFUSED 127.0.0.1:9`. Wrappers that add nothing are skipped.
 */
export function describeError(error: unknown): string {
  const parts: string[] = []
  let current: unknown = error
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    const message = typeof current === 'object' ? String((current as Error).message ?? '') : String(current)
    const code = typeof (current as { code?: unknown }).code === 'string' ? (current as { code: string }).code : ''
    const text = message || code
    if (text && !parts.some((part) => part.includes(text))) parts.push(text)
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined
  }
  return parts.join(': ') || 'unknown error'
}
