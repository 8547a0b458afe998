import { describe, expect, it } from 'vitest'
import { createChatSession, type ChatConfig, type ChatEvent, type FetchFunction } from '../../lib/index'
import { serveMockInkeep } from '../../lib/testing/node'
import { contentOf, drain, lastError } from '../helpers/drain'
import { createInput, startMockServer, TEST_KEY } from '../helpers/server'

const configFor = (url: string, extra: Partial<ChatConfig> = {}): ChatConfig => ({ apiKey: TEST_KEY, baseURL: url, ...extra })

/** Retries that wait about 1 ms, so that the tests only check whether a retry happens. */
const FAST_RETRY = { attempts: 3, baseDelayMs: 1, maxDelayMs: 50 }

const ANSWER = 'The whole answer, in a handful of chunks.'

const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'still running'> =>
  Promise.race([promise, new Promise<'still running'>((resolve) => setTimeout(resolve, ms, 'still running'))])

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const hasError = (events: ChatEvent[]): boolean => events.some((event) => event.event === 'error')

describe('retries', () => {
  it('retries a 503 until the server answers, within the configured attempts', async () => {
    const server = await startMockServer({ answer: { text: ANSWER }, fault: { type: 'status', status: 503, times: 2 } })
    const events = await drain(createChatSession(configFor(server.url, { retry: FAST_RETRY }), createInput()))

    expect(hasError(events)).toBe(false)
    expect(contentOf(events)).toBe(ANSWER)
    expect(server.mock.requests.map((request) => request.status)).toEqual([503, 503, 200])
  })

  it('gives the 503 as an http error after one request when retries are off', async () => {
    const server = await startMockServer({ fault: { type: 'status', status: 503, times: 2 } })
    const events = await drain(createChatSession(configFor(server.url, { retry: false }), createInput()))

    expect(events).toHaveLength(1)
    expect(lastError(events)).toMatchObject({ type: 'http', status: 503 })
    expect(server.mock.requests).toHaveLength(1)
  })

  it('gives the last error once every attempt failed', async () => {
    const server = await startMockServer({ fault: { type: 'status', status: 502 } })
    const events = await drain(createChatSession(configFor(server.url, { retry: FAST_RETRY }), createInput()))

    expect(lastError(events)).toMatchObject({ type: 'http', status: 502 })
    expect(server.mock.requests).toHaveLength(3)
  })

  it.each([400, 401, 422])('never retries a %i', async (status) => {
    const server = await startMockServer({ fault: { type: 'status', status } })
    const events = await drain(createChatSession(configFor(server.url, { retry: FAST_RETRY }), createInput()))

    expect(events).toHaveLength(1)
    expect(lastError(events)).toMatchObject({ status })
    expect(server.mock.requests).toHaveLength(1)
  })

  it('never retries a 401 for a wrong key', async () => {
    const server = await startMockServer({ apiKey: 'sk-the-right-key' })
    const events = await drain(createChatSession(configFor(server.url, { retry: FAST_RETRY }), createInput()))

    expect(lastError(events)).toMatchObject({ type: 'http', status: 401 })
    expect(server.mock.requests).toHaveLength(1)
  })

  it('retries at once when the server sends Retry-After: 0, instead of backing off', async () => {
    const server = await startMockServer({ answer: { text: ANSWER }, fault: { type: 'status', status: 429, retryAfter: '0', times: 1 } })
    // A backoff of a minute: only the Retry-After header can make this test finish.
    const retry = { attempts: 2, baseDelayMs: 60_000, maxDelayMs: 60_000 }
    const events = await drain(createChatSession(configFor(server.url, { retry }), createInput()))

    expect(hasError(events)).toBe(false)
    expect(contentOf(events)).toBe(ANSWER)
    expect(server.mock.requests.map((request) => request.status)).toEqual([429, 200])
  }, 10_000)

  it('does not retry when Retry-After asks for longer than maxDelayMs, and reports the wait', async () => {
    const server = await startMockServer({ fault: { type: 'status', status: 503, retryAfter: '10', times: 1 } })
    const events = await drain(createChatSession(configFor(server.url, { retry: FAST_RETRY }), createInput()))

    expect(events).toHaveLength(1)
    expect(lastError(events)).toMatchObject({ type: 'http', status: 503, retryAfterMs: 10_000 })
    expect(server.mock.requests).toHaveLength(1)
  })

  it('gives a network error after every attempt when the connection is refused', async () => {
    const closed = await serveMockInkeep()
    await closed.close()
    let sent = 0
    const counting: FetchFunction = (input, init) => {
      sent++
      return fetch(input, init)
    }
    const events = await drain(createChatSession(configFor(closed.url, { retry: FAST_RETRY, fetch: counting }), createInput()))

    expect(events).toHaveLength(1)
    const error = lastError(events)
    expect(error.type).toBe('network')
    expect(error.message).toContain(closed.url)
    expect(sent).toBe(3)
  })

  it('never retries once an event was delivered: a drop after 3 events is stream_interrupted', async () => {
    const server = await startMockServer({ answer: { text: 'abcdefghijklmnopqrstuvwxyz', chunkSize: 5 }, fault: { type: 'drop', afterEvents: 3 } })
    const events = await drain(createChatSession(configFor(server.url, { retry: FAST_RETRY }), createInput()))

    expect(events.map((event) => event.event)).toEqual(['message_chunk', 'message_chunk', 'message_chunk', 'error'])
    expect(contentOf(events)).toBe('abcdefghijklmno')
    expect(lastError(events)).toMatchObject({ type: 'stream_interrupted', eventsReceived: 3 })
    expect(server.mock.requests).toHaveLength(1)
  })

  it('reports in eventsReceived exactly the events it yielded before the connection broke', async () => {
    // Paced, so that the events before the drop reach the client whatever the server flushes last.
    const server = await startMockServer({ answer: { text: 'abcdefghijklmnopqrstuvwxyz', chunkSize: 5, delayMs: 20 }, fault: { type: 'drop', afterEvents: 3 } })
    const events = await drain(createChatSession(configFor(server.url, { retry: FAST_RETRY }), createInput()))

    const delivered = events.filter((event) => event.event === 'message_chunk')
    expect(delivered.length).toBeGreaterThan(0)
    expect(events).toHaveLength(delivered.length + 1)
    expect(lastError(events)).toMatchObject({ type: 'stream_interrupted', eventsReceived: delivered.length })
    expect(server.mock.requests).toHaveLength(1)
  })

  it('retries a connection dropped before any event, since nothing was delivered', async () => {
    const server = await startMockServer({ fault: { type: 'drop', afterEvents: 0 } })
    const events = await drain(createChatSession(configFor(server.url, { retry: { ...FAST_RETRY, attempts: 2 } }), createInput()))

    expect(events).toHaveLength(1)
    expect(lastError(events).type).toBe('network')
    expect(server.mock.requests).toHaveLength(2)
  })

  it('stops promptly with aborted when the signal aborts during a retry backoff', async () => {
    const server = await startMockServer({ fault: { type: 'status', status: 503 } })
    const controller = new AbortController()
    const events = createChatSession(
      configFor(server.url, { retry: { attempts: 3, baseDelayMs: 5000, maxDelayMs: 5000 } }),
      createInput(),
      { signal: controller.signal },
    )
    const first = events.next()
    while (server.mock.requests[0]?.status !== 503) await delay(5)
    await delay(50) // the client reads the 503 and starts its backoff of 2.5 s or more

    controller.abort()
    const step = await within(first, 200)
    expect(step).toEqual({ done: false, value: { event: 'error', error: { type: 'aborted', message: expect.any(String) } } })
    expect(await events.next()).toEqual({ done: true, value: undefined })
    expect(server.mock.requests).toHaveLength(1)
  })
})

describe('timeouts', () => {
  it('gives a response timeout when no headers arrive within timeoutMs', async () => {
    const server = await startMockServer({ fault: { type: 'stall' } })
    const events = await drain(createChatSession(configFor(server.url, { timeoutMs: 100 }), createInput()))

    expect(events).toHaveLength(1)
    expect(lastError(events)).toMatchObject({ type: 'timeout', phase: 'response', ms: 100 })
  })

  it('applies a per-call timeoutMs over the config’s', async () => {
    const server = await startMockServer({ fault: { type: 'stall' } })
    const events = await drain(createChatSession(configFor(server.url, { timeoutMs: 60_000 }), createInput(), { timeoutMs: 100 }))

    expect(lastError(events)).toMatchObject({ type: 'timeout', phase: 'response', ms: 100 })
  })

  it('gives an idle timeout after the events that arrived when the stream stalls', async () => {
    const server = await startMockServer({ fault: { type: 'stall', afterEvents: 2 } })
    const events = await drain(createChatSession(configFor(server.url, { idleTimeoutMs: 100 }), createInput()))

    expect(events.map((event) => event.event)).toEqual(['message_chunk', 'message_chunk', 'error'])
    expect(lastError(events)).toMatchObject({ type: 'timeout', phase: 'idle', ms: 100 })
    expect(server.mock.requests).toHaveLength(1)
  })

  it('does not count the time the consumer spends on an event against idleTimeoutMs', async () => {
    const server = await startMockServer({ answer: { text: 'abcdef', chunkSize: 3 } })
    const events: ChatEvent[] = []
    for await (const event of createChatSession(configFor(server.url, { idleTimeoutMs: 150 }), createInput())) {
      events.push(event)
      await delay(300)
    }

    expect(hasError(events)).toBe(false)
    expect(events.map((event) => event.event)).toEqual(['message_chunk', 'message_chunk', 'message_chunk', 'records_cited'])
    expect(contentOf(events)).toBe('abcdef')
  })
})

describe('malformed answers', () => {
  it('gives invalid_response after the events that came before a malformed one', async () => {
    const server = await startMockServer({ answer: { text: 'abcdefghijklmnopqrstuvwxyz', chunkSize: 5 }, fault: { type: 'malformed', afterEvents: 2 } })
    const events = await drain(createChatSession(configFor(server.url, { retry: FAST_RETRY }), createInput()))

    expect(events.map((event) => event.event)).toEqual(['message_chunk', 'message_chunk', 'error'])
    expect(contentOf(events)).toBe('abcdefghij')
    expect(lastError(events).type).toBe('invalid_response')
    expect(server.mock.requests).toHaveLength(1)
  })
})
