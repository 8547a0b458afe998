import { describe, expect, it } from 'vitest'
import { createChatSession, type ChatConfig, type FetchFunction } from '../../lib/index'
import { drain } from '../helpers/drain'
import { chunksOf, connectionsClosed, expectOneErrorAfter, serveForTest } from '../helpers/faults'
import { createInput, TEST_KEY } from '../helpers/server'

// Each case checks the whole contract: the events before the fault exactly, then one typed error,
// last, and every connection closed. Cases run concurrently: most wait for undici's spare connection.

const TEXT = 'abcdefghijklmnopqrstuvwxyz0123456789'
/** Paced, so that the events before a reset have reached the client before the reset does. */
const PACED = { text: TEXT, chunkSize: 4, delayMs: 15 }
const FAST_RETRY = { attempts: 3, baseDelayMs: 1, maxDelayMs: 20 }

const configFor = (url: string, extra: Partial<ChatConfig> = {}): ChatConfig => ({ apiKey: TEST_KEY, baseURL: url, retry: FAST_RETRY, ...extra })

/** The platform's fetch, counting the attempts: a request the server resets may die before the server records it. */
function countingFetch(): { fetch: FetchFunction; attempts: () => number } {
  let attempts = 0
  return { fetch: (input, init) => (attempts++, fetch(input, init)), attempts: () => attempts }
}

describe.concurrent('the server resets the connection', () => {
  it('before the headers: a network error after every attempt', async (context) => {
    const server = await serveForTest(context, { fault: { type: 'drop', reset: true } })
    const counting = countingFetch()
    const events = await drain(createChatSession(configFor(server.url, { fetch: counting.fetch }), createInput()))

    const error = expectOneErrorAfter(events, [], 'network')
    expect(error.message).toContain(server.url)
    expect(counting.attempts()).toBe(FAST_RETRY.attempts)
    expect(server.mock.requests.length).toBeGreaterThanOrEqual(1)
    expect(await connectionsClosed(server)).toBe(true)
  })

  it('after the headers, before any byte: a network error, retried since nothing was delivered', async (context) => {
    const server = await serveForTest(context, { answer: PACED, fault: { type: 'drop', afterEvents: 0, reset: true } })
    const counting = countingFetch()
    const events = await drain(createChatSession(configFor(server.url, { fetch: counting.fetch }), createInput()))

    expectOneErrorAfter(events, [], 'network')
    expect(counting.attempts()).toBe(FAST_RETRY.attempts)
    expect(server.mock.requests.length).toBeGreaterThanOrEqual(1)
    expect(server.mock.requests.every((request) => request.status === 200)).toBe(true)
    expect(await connectionsClosed(server)).toBe(true)
  })

  it('in the middle of an event: the complete events before it, then stream_interrupted, never retried', async (context) => {
    const server = await serveForTest(context, { answer: PACED, fault: { type: 'drop', afterEvents: 3, partialBytes: 30, reset: true } })
    const events = await drain(createChatSession(configFor(server.url), createInput()))

    const error = expectOneErrorAfter(events, chunksOf(TEXT, 4).slice(0, 3), 'stream_interrupted')
    expect(error).toMatchObject({ eventsReceived: 3 })
    expect(server.mock.requests).toHaveLength(1)
    expect(await connectionsClosed(server)).toBe(true)
  })

  it('in the middle of an event closed rather than reset: the half event is never delivered', async (context) => {
    const server = await serveForTest(context, { answer: PACED, fault: { type: 'drop', afterEvents: 2, partialBytes: 40 } })
    const events = await drain(createChatSession(configFor(server.url), createInput()))

    expectOneErrorAfter(events, chunksOf(TEXT, 4).slice(0, 2), 'stream_interrupted')
    expect(await connectionsClosed(server)).toBe(true)
  })

  it('between two events: the events before it, then stream_interrupted', async (context) => {
    const server = await serveForTest(context, { answer: PACED, fault: { type: 'drop', afterEvents: 5, reset: true } })
    const events = await drain(createChatSession(configFor(server.url), createInput()))

    expectOneErrorAfter(events, chunksOf(TEXT, 4).slice(0, 5), 'stream_interrupted')
    expect(server.mock.requests).toHaveLength(1)
    expect(await connectionsClosed(server)).toBe(true)
  })
})

describe.concurrent('the server stalls', () => {
  it('before the headers: timeout in phase response, not retried, the request cancelled', async (context) => {
    const server = await serveForTest(context, { fault: { type: 'stall' } })
    const events = await drain(createChatSession(configFor(server.url, { timeoutMs: 100 }), createInput()))

    expect(expectOneErrorAfter(events, [], 'timeout')).toMatchObject({ phase: 'response', ms: 100 })
    // On a busy machine the timeout may fire before the server has read the request.
    expect(server.mock.requests.length).toBeLessThanOrEqual(1)
    expect(await connectionsClosed(server)).toBe(true)
  })

  it('mid-stream: timeout in phase idle after the events that came, the stream cancelled', async (context) => {
    const server = await serveForTest(context, { answer: { text: TEXT, chunkSize: 4 }, fault: { type: 'stall', afterEvents: 4 } })
    const events = await drain(createChatSession(configFor(server.url, { idleTimeoutMs: 300 }), createInput()))

    expect(expectOneErrorAfter(events, chunksOf(TEXT, 4).slice(0, 4), 'timeout')).toMatchObject({ phase: 'idle', ms: 300 })
    expect(await server.mock.requests[0]!.stream!.ended).toBe('cancelled')
    expect(await connectionsClosed(server)).toBe(true)
  })

  it('behind a heartbeat comment every 20 ms: heartbeats keep idleTimeoutMs at bay, totalTimeoutMs ends the call', async (context) => {
    const server = await serveForTest(context, { answer: PACED, fault: { type: 'stall', afterEvents: 2, heartbeatMs: 20 } })
    const started = Date.now()
    const events = await drain(createChatSession(configFor(server.url, { idleTimeoutMs: 400, totalTimeoutMs: 1500 }), createInput()))

    // Phase total, not idle, although the answer stalled for far longer than idleTimeoutMs:
    // heartbeats count as activity, as documented, and the overall bound still ends the call.
    expect(expectOneErrorAfter(events, chunksOf(TEXT, 4).slice(0, 2), 'timeout')).toMatchObject({ phase: 'total', ms: 1500 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(1490)
    expect(await server.mock.requests[0]!.stream!.ended).toBe('cancelled')
    expect(await connectionsClosed(server)).toBe(true)
  })

  it('behind heartbeats before the first event: timeout in phase total, never retried', async (context) => {
    const server = await serveForTest(context, { fault: { type: 'stall', afterEvents: 0, heartbeatMs: 20 } })
    const events = await drain(createChatSession(configFor(server.url, { idleTimeoutMs: 400, totalTimeoutMs: 1000 }), createInput()))

    expect(expectOneErrorAfter(events, [], 'timeout')).toMatchObject({ phase: 'total', ms: 1000 })
    expect(server.mock.requests).toHaveLength(1)
    expect(await connectionsClosed(server)).toBe(true)
  })

  it('ends slow retries with a total timeout, during the backoff wait', async (context) => {
    const server = await serveForTest(context, { fault: { type: 'status', status: 503 } })
    const retry = { attempts: 10, baseDelayMs: 200, maxDelayMs: 200 }
    const events = await drain(createChatSession(configFor(server.url, { retry, totalTimeoutMs: 500 }), createInput()))

    expect(expectOneErrorAfter(events, [], 'timeout')).toMatchObject({ phase: 'total', ms: 500 })
    // Waits of 100 to 200 ms each: at most 6 requests fit in 500 ms, however slow the machine, of the 10 allowed.
    expect(server.mock.requests.length).toBeGreaterThanOrEqual(1)
    expect(server.mock.requests.length).toBeLessThanOrEqual(6)
    expect(await connectionsClosed(server)).toBe(true)
  })

  it('stops a stream the consumer keeps reading slowly once totalTimeoutMs is over, keeping what it yielded', async (context) => {
    const server = await serveForTest(context, { answer: { text: TEXT, chunkSize: 4 } })
    const events = []
    for await (const event of createChatSession(configFor(server.url, { totalTimeoutMs: 450 }), createInput())) {
      events.push(event)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }

    // How many events fit in 450 ms depends on the machine; that they are the answer's first ones does not.
    const yielded = events.length - 1
    expect(yielded).toBeGreaterThanOrEqual(1)
    expect(yielded).toBeLessThan(chunksOf(TEXT, 4).length)
    expect(expectOneErrorAfter(events, chunksOf(TEXT, 4).slice(0, yielded), 'timeout')).toMatchObject({ phase: 'total', ms: 450 })
    expect(await connectionsClosed(server)).toBe(true)
  })
})

describe.concurrent('a fetch that never settles', () => {
  it('is ended by totalTimeoutMs even when it ignores the signal after the headers', async (context) => {
    // A custom fetch whose body never ends and ignores cancellation: only the library's own timers can end it.
    const hanging: FetchFunction = async () =>
      new Response(new ReadableStream({ start: (controller) => controller.enqueue(new TextEncoder().encode(': hello\n\n')) }), {
        headers: { 'content-type': 'text/event-stream' },
      })
    const events = await drain(createChatSession({ apiKey: TEST_KEY, fetch: hanging, retry: false, idleTimeoutMs: 5000, totalTimeoutMs: 150 }, createInput()))

    expect(expectOneErrorAfter(events, [], 'timeout')).toMatchObject({ phase: 'total', ms: 150 })
  })
})
