import { describe, expect, it } from 'vitest'
import { networkError, httpError, timeoutError, abortedError } from '../../lib/errors'
import { isRetryable, parseRetryAfter, retryDelayMs } from '../../lib/call/retry'

const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 }

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-25T10:00:00Z')

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
    expect(parseRetryAfter('1.5', now)).toBe(1500)
  })

  it('reads an HTTP date relative to now, and a past date as 0', () => {
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:07 GMT', now)).toBe(7000)
    expect(parseRetryAfter('Wed, 25 Nov 2026 09:00:00 GMT', now)).toBe(0)
  })

  it.each([null, '', '-5', 'soon', '3 seconds', 'NaN', '1e3', '2026-11-25'])('ignores %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined()
  })
})

describe('retryDelayMs', () => {
  it('doubles from baseDelayMs with jitter between half and all of the step', () => {
    expect(retryDelayMs(1, policy, undefined, () => 0)).toBe(50)
    expect(retryDelayMs(1, policy, undefined, () => 1)).toBe(100)
    expect(retryDelayMs(3, policy, undefined, () => 1)).toBe(400)
  })

  it('never waits longer than maxDelayMs', () => {
    expect(retryDelayMs(10, policy, undefined, () => 1)).toBe(policy.maxDelayMs)
  })

  it('waits what Retry-After asks when it fits under maxDelayMs, and gives up when it does not', () => {
    expect(retryDelayMs(1, policy, 700)).toBe(700)
    expect(retryDelayMs(1, policy, 1001)).toBeUndefined()
  })
})

describe('isRetryable', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries status %i', (status) => {
    expect(isRetryable(httpError(status, ''))).toBe(true)
  })

  it.each([400, 401, 403, 404, 409, 422, 501])('does not retry status %i', (status) => {
    expect(isRetryable(httpError(status, ''))).toBe(false)
  })

  it('retries network errors but not timeouts or aborts', () => {
    expect(isRetryable(networkError('refused'))).toBe(true)
    expect(isRetryable(timeoutError('response', 10))).toBe(false)
    expect(isRetryable(abortedError())).toBe(false)
  })
})
