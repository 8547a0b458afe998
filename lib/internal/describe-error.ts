/**
 * Returns what `read` gives as text, `''` for a falsy value, or `undefined` when it throws: a getter,
 * a Proxy trap or a `toString` of what was thrown may throw too, and the description must not.
 */
function readText(read: () => unknown): string | undefined {
  try {
    const value = read()
    return value ? String(value) : ''
  } catch {
    return undefined
  }
}

/** One level of the chain: its `message`, else its `code`; its `name` when the message can't be read. */
function describeLevel(level: unknown): string {
  // A thrown primitive is its own description, `0` and `false` included.
  if (typeof level !== 'object') return readText(() => String(level)) ?? ''
  const message = readText(() => (level as Error).message)
  if (message === undefined) return readText(() => (level as Error).name) ?? ''
  return message || (readText(() => (level as { code?: unknown }).code) ?? '')
}

/** The `cause` of `level`, or `undefined` when it has none or it can't be read. */
function causeOf(level: unknown): unknown {
  try {
    return (level as Error).cause
  } catch {
    return undefined
  }
}

/**
 * Returns a one-line description of a thrown value and its `cause` chain, innermost detail last,
 * such as `fetch failed: connect ECONNREFUSED 127.0.0.1:9`, the `code` where a level has no message.
 * Never throws, whatever was thrown: a level that can't be read is skipped, and nothing readable at
 * all is `unknown error`.
 */
export function describeError(error: unknown): string {
  const parts: string[] = []
  for (let current = error, depth = 0; current != null && depth < 5; current = causeOf(current), depth++) {
    const text = describeLevel(current)
    if (text) parts.push(text)
  }
  return parts.join(': ') || 'unknown error'
}
