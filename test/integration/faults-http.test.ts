import { describe, expect, it } from 'vitest'
import { createChatSession, MAX_ERROR_TEXT_LENGTH, type ChatConfig, type FetchFunction } from '../../lib/index'
import { MAX_RETRY_AFTER_MS } from '../../lib/call/retry'
import { contentOf, drain } from '../helpers/drain'
import { connectionsClosed, expectOneErrorAfter, serveForTest } from '../helpers/faults'
import { createInput, TEST_KEY } from '../helpers/server'

const FAST_RETRY = { attempts: 2, baseDelayMs: 1, maxDelayMs: 2000 }
const configFor = (url: string, extra: Partial<ChatConfig> = {}): ChatConfig => ({ apiKey: TEST_KEY, baseURL: url, retry: FAST_RETRY, ...extra })

/** The platform's fetch, noting when each attempt was sent. */
function timedFetch(): { fetch: FetchFunction; sentAt: number[] } {
  const sentAt: number[] = []
  return { fetch: (input, init) => (sentAt.push(Date.now()), fetch(input, init)), sentAt }
}

const gapsOf = (times: number[]): number[] => times.slice(1).map((time, i) => time - times[i]!)

const PROXY_PAGE = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>${'<!-- padding -->'.repeat(600)}<hr><center>nginx</center></body></html>`

describe.concurrent('HTTP errors with unusual bodies', () => {
  it('an HTML error page from a proxy: retried, then an http error with the page cut to MAX_ERROR_TEXT_LENGTH', async (context) => {
    const server = await serveForTest(context, { fault: { type: 'status', status: 502, body: PROXY_PAGE, headers: { 'content-type': 'text/html' } } })
    const events = await drain(createChatSession(configFor(server.url), createInput()))

    const error = expectOneErrorAfter(events, [], 'http')
    if (error.type !== 'http') throw new Error('unreachable')
    expect(error.status).toBe(502)
    expect(PROXY_PAGE.length).toBeGreaterThan(MAX_ERROR_TEXT_LENGTH)
    expect(error.body).toHaveLength(MAX_ERROR_TEXT_LENGTH)
    expect(error.body.startsWith('<!DOCTYPE html><html><head><title>502 Bad Gateway')).toBe(true)
    expect(error.message.length).toBeLessThan(300)
    expect(server.mock.requests).toHaveLength(FAST_RETRY.attempts)
    expect(await connectionsClosed(server)).toBe(true)
  })

  it('an empty 502: an http error with an empty body and a plain message', async (context) => {
    const server = await serveForTest(context, { fault: { type: 'status', status: 502, body: '', headers: { 'content-type': 'text/plain' } } })
    const events = await drain(createChatSession(configFor(server.url), createInput()))

    expect(expectOneErrorAfter(events, [], 'http')).toEqual({ type: 'http', status: 502, body: '', message: 'The server answered 502' })
    expect(server.mock.requests).toHaveLength(FAST_RETRY.attempts)
    expect(await connectionsClosed(server)).toBe(true)
  })

  it('a 429 whose Retry-After is an HTTP date about a second ahead: waits until then, then succeeds', async (context) => {
    // HTTP dates have whole seconds: two seconds ahead, rounded down, is between one and two seconds away.
    const date = new Date(Date.now() + 2000).toUTCString()
    const server = await serveForTest(context, { answer: { text: 'later' }, fault: { type: 'status', status: 429, retryAfter: date, times: 1 } })
    const timed = timedFetch()
    const events = await drain(createChatSession(configFor(server.url, { fetch: timed.fetch, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5000 } }), createInput()))

    expect(contentOf(events), JSON.stringify(events)).toBe('later')
    expect(server.mock.requests.map((request) => request.status)).toEqual([429, 200])
    expect(gapsOf(timed.sentAt)[0]).toBeGreaterThanOrEqual(900)
  })

  it('a 429 whose Retry-After is a date beyond maxDelayMs: no retry, the wait reported', async (context) => {
    const date = new Date(Date.now() + 3_600_000).toUTCString()
    const server = await serveForTest(context, { fault: { type: 'status', status: 429, retryAfter: date } })
    const events = await drain(createChatSession(configFor(server.url), createInput()))

    const error = expectOneErrorAfter(events, [], 'http')
    expect(error.type === 'http' && error.retryAfterMs).toBeGreaterThan(3_500_000)
    expect(server.mock.requests).toHaveLength(1)
  })

  it.for([
    ['negative', '-5'],
    ['garbage', 'soon, maybe'],
    ['a date without a zone', '2026-11-26 10:00'],
  ] as const)('a 429 whose Retry-After is %s: ignored, the normal backoff retries', async ([, retryAfter], context) => {
    const server = await serveForTest(context, { fault: { type: 'status', status: 429, retryAfter } })
    const events = await drain(createChatSession(configFor(server.url), createInput()))

    const error = expectOneErrorAfter(events, [], 'http')
    expect(error).toMatchObject({ status: 429 })
    expect(error).not.toHaveProperty('retryAfterMs')
    expect(server.mock.requests).toHaveLength(FAST_RETRY.attempts)
  })

  it.for([
    ['a huge number of seconds', '9'.repeat(400)],
    ['a date in the year 9999', 'Fri, 31 Dec 9999 23:59:59 GMT'],
  ] as const)('a 429 whose Retry-After is %s: no retry, retryAfterMs capped at MAX_RETRY_AFTER_MS', async ([, retryAfter], context) => {
    const server = await serveForTest(context, { fault: { type: 'status', status: 429, retryAfter } })
    const started = Date.now()
    const events = await drain(createChatSession(configFor(server.url), createInput()))

    expect(expectOneErrorAfter(events, [], 'http')).toMatchObject({ status: 429, retryAfterMs: MAX_RETRY_AFTER_MS })
    expect(Number.isSafeInteger(MAX_RETRY_AFTER_MS)).toBe(true)
    expect(server.mock.requests).toHaveLength(1)
    expect(Date.now() - started).toBeLessThan(2000)
  })
})

describe.concurrent('retries', () => {
  it('never waits longer than maxDelayMs between attempts, however large the exponential step grows', async (context) => {
    const server = await serveForTest(context, { fault: { type: 'status', status: 503 } })
    const timed = timedFetch()
    // Uncapped, the waits would be 0.5–1 s, 1–2 s and 2–4 s; capped, each is 50–100 ms.
    const retry = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 100 }
    const started = Date.now()
    const events = await drain(createChatSession(configFor(server.url, { fetch: timed.fetch, retry }), createInput()))

    expectOneErrorAfter(events, [], 'http')
    expect(server.mock.requests).toHaveLength(4)
    for (const gap of gapsOf(timed.sentAt)) {
      expect(gap).toBeGreaterThanOrEqual(45)
      expect(gap).toBeLessThan(450)
    }
    // The documented cap on waiting, (attempts − 1) × maxDelayMs, plus the requests themselves.
    expect(Date.now() - started).toBeLessThan(3 * 100 + 1000)
  })

  it('spends at most (attempts − 1) × maxDelayMs waiting when Retry-After asks for exactly maxDelayMs', async (context) => {
    const server = await serveForTest(context, { fault: { type: 'status', status: 503, retryAfter: '0.2' } })
    const timed = timedFetch()
    const events = await drain(createChatSession(configFor(server.url, { fetch: timed.fetch, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 200 } }), createInput()))

    expect(expectOneErrorAfter(events, [], 'http')).toMatchObject({ status: 503, retryAfterMs: 200 })
    expect(server.mock.requests).toHaveLength(3)
    for (const gap of gapsOf(timed.sentAt)) expect(gap).toBeGreaterThanOrEqual(195)
  })

  it('never retries after an event was yielded, whatever breaks next (the server counts the requests)', async (context) => {
    const answer = { text: 'abcdefghij', chunkSize: 2, delayMs: 10 }
    for (const fault of [
      { type: 'drop', afterEvents: 1, partialBytes: 5 },
      { type: 'raw', afterEvents: 1, body: 'event: message_chunk\ndata: null\n\n' },
    ] as const) {
      const server = await serveForTest(context, { answer, fault })
      const events = await drain(createChatSession(configFor(server.url, { retry: { attempts: 5, baseDelayMs: 1 } }), createInput()))
      expect(events.filter((event) => event.event === 'message_chunk')).toHaveLength(1)
      expect(events.at(-1)?.event).toBe('error')
      expect(server.mock.requests).toHaveLength(1)
    }
  })
})
