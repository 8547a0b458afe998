import { MAX_TIMER_MS, type ResolvedConfig } from './config'
import type { ChatError } from '../errors'

/** Statuses that say "try again later" rather than "this request is wrong". */
const RETRYABLE_STATUSES = [408, 429, 500, 502, 503, 504]

/** Whether another attempt may succeed where this one failed (no response, or a transient status). */
export const isRetryable = (error: ChatError): boolean =>
  error.type === 'network' || (error.type === 'http' && RETRYABLE_STATUSES.includes(error.status))

/** Longest `Retry-After` reported, in ms: what a timer holds, so `setTimeout(retry, retryAfterMs)` is safe. */
export const MAX_RETRY_AFTER_MS = MAX_TIMER_MS

/**
 * Returns the `Retry-After` header in ms: delay-seconds or an HTTP date (RFC 9110 §10.2.3), capped at
 * `MAX_RETRY_AFTER_MS`. Negative, unparseable or absent values give `undefined`; a past date gives 0.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  const text = value?.trim() ?? ''
  const ms = /^\d+(\.\d+)?$/.test(text)
    ? Number(text) * 1000
    : // Only dates with a weekday and a zone (IMF-fixdate and the two obsolete forms) are HTTP dates.
      /^[a-z]{3}.*(GMT|UTC)$/i.test(text)
      ? Date.parse(text) - now
      : NaN
  return Number.isNaN(ms) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(ms)))
}

/**
 * Returns how long to wait before retry number `retry` (1 for the first retry), or `undefined`
 * when no retry should happen: the server asked to wait longer than `maxDelayMs`.
 * Without `Retry-After`: exponential backoff from `baseDelayMs`, capped, with "equal jitter"
 * (half fixed, half random) so that clients failing together do not come back together.
 */
export function retryDelayMs(retry: number, policy: ResolvedConfig['retry'], retryAfterMs: number | undefined, random: () => number = Math.random): number | undefined {
  if (retryAfterMs !== undefined) return retryAfterMs <= policy.maxDelayMs ? retryAfterMs : undefined
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}
