/**
 * Returns a one-line description of a thrown value and its `cause` chain, innermost detail last,
 * such as `fetch failed: connect ECONNREFUSED 127.0.0.1:9`, the `code` where a level has no message.
 */
export function describeError(error: unknown): string {
  const parts: string[] = []
  for (let current = error, depth = 0; current != null && depth < 5; current = (current as Error).cause, depth++) {
    const { message, code } = current as { message?: unknown; code?: unknown }
    const text = String(typeof current === 'object' ? message || code || '' : current)
    if (text) parts.push(text)
  }
  return parts.join(': ') || 'unknown error'
}
