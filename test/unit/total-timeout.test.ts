import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_TOTAL_TIMEOUT_MS } from '../../lib/call/config'
import { resolveConfig } from '../helpers/config'
import { timeoutError } from '../../lib/errors'
import { createChatSession } from '../../lib/index'
import { createMockInkeep } from '../../lib/testing/index'

describe('totalTimeoutMs', () => {
  it('defaults to ten minutes and accepts whole milliseconds up to what timers hold', async () => {
    expect(DEFAULT_TOTAL_TIMEOUT_MS).toBe(600_000)
    const resolved = await resolveConfig({ apiKey: 'sk-total' })
    expect(resolved.ok && resolved.value.totalTimeoutMs).toBe(DEFAULT_TOTAL_TIMEOUT_MS)
    const set = await resolveConfig({ apiKey: 'sk-total', totalTimeoutMs: 2 ** 31 - 1 })
    expect(set.ok && set.value.totalTimeoutMs).toBe(2 ** 31 - 1)
  })

  it.each([0, -1, 1.5, 2 ** 31, Infinity, '1000'])('refuses %s as invalid_input', async (totalTimeoutMs) => {
    const resolved = await resolveConfig({ apiKey: 'sk-total', totalTimeoutMs: totalTimeoutMs as number })
    if (resolved.ok) throw new Error('accepted')
    expect(new Set(resolved.error.issues.map((issue) => issue.path))).toEqual(new Set(['config.totalTimeoutMs']))
  })

  it('names the bound in the timeout error', () => {
    expect(timeoutError('total', 1500)).toEqual({ type: 'timeout', phase: 'total', ms: 1500, message: 'The call did not finish within 1500 ms' })
  })

  describe('timers', () => {
    afterEach(() => {
      vi.useRealTimers()
    })

    // The call's timers (total, response, idle) are cleared before its error event is handed out, so a
    // caller that stops calling next() there does not keep a process alive for totalTimeoutMs.
    it('leaves none armed once the error event is handed out', async () => {
      vi.useFakeTimers()
      const mock = createMockInkeep({ apiKey: 'sk-timers', fault: { type: 'status', status: 500 } })
      const events = createChatSession({ apiKey: 'sk-timers', fetch: mock.fetch, retry: false }, { integrationId: 'i', chatSession: { messages: [{ role: 'user', content: 'q' }] } })
      const first = await events.next()
      expect(!first.done && first.value.event).toBe('error')
      expect(vi.getTimerCount()).toBe(0)
    })
  })
})
