import { afterEach, describe, expect, it } from 'vitest'
import { createChatSession, readChatEvents, type ChatEvent } from '../../lib/index'
import { drain } from '../helpers/drain'
import { startProxy } from '../helpers/event-stream-server'
import { createInput, startMockServer, TEST_KEY } from '../helpers/server'

/** 200 chunks 20 ms apart: about 4 s of answer, so a cancellation always lands mid-stream. */
const LONG_ANSWER = { text: 'x'.repeat(2000), chunkSize: 10, delayMs: 20 }
/** How long the mock server may take to see the client go away. */
const CANCEL_DEADLINE_MS = 200

const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'still running'> =>
  Promise.race([promise, new Promise<'still running'>((resolve) => setTimeout(resolve, ms, 'still running'))])

const proxies: Array<{ close: () => Promise<void> }> = []
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()))
})
async function proxyTo(upstreamURL: string, options: Parameters<typeof startProxy>[1] = {}) {
  const proxy = await startProxy(upstreamURL, options)
  proxies.push(proxy)
  return proxy
}

/** Strips what differs between two calls: the session id the mock numbers per call. */
const withoutSession = (events: ChatEvent[]) => JSON.parse(JSON.stringify(events).replace(/mock-session-\d+/g, 'session')) as unknown

describe('a node:http server streaming toEventStreamResponse to a client', () => {
  it('delivers what createChatSession yields, read back by readChatEvents over a real socket', async () => {
    const mock = await startMockServer()
    const proxy = await proxyTo(mock.url)
    const direct = await drain(createChatSession({ apiKey: TEST_KEY, baseURL: mock.url }, createInput()))
    const relayed = await drain(readChatEvents(await fetch(proxy.url)))

    expect(relayed.length).toBeGreaterThan(5)
    expect(withoutSession(relayed)).toEqual(withoutSession(direct))
    expect(relayed.some((event) => event.event === 'error')).toBe(false)
  })

  it('cancels the upstream stream within 200 ms when the client cancels the body', async () => {
    const mock = await startMockServer({ answer: LONG_ANSWER })
    const proxy = await proxyTo(mock.url)
    const response = await fetch(proxy.url)
    const reader = response.body!.getReader()
    await reader.read()
    await reader.read()
    await reader.cancel()

    const stream = mock.mock.requests[0]!.stream!
    expect(await within(stream.ended, CANCEL_DEADLINE_MS)).toBe('cancelled')
    expect(stream.sentEvents).toBeLessThan(stream.totalEvents)
  })

  it('cancels the upstream stream within 200 ms when the client leaves readChatEvents with break', async () => {
    const mock = await startMockServer({ answer: LONG_ANSWER })
    const proxy = await proxyTo(mock.url)
    for await (const event of readChatEvents(await fetch(proxy.url))) {
      expect(event.event).toBe('message_chunk')
      break
    }
    const stream = mock.mock.requests[0]!.stream!
    expect(await within(stream.ended, CANCEL_DEADLINE_MS)).toBe('cancelled')
  })

  it.each([
    ['with no signal passed to the call', {}],
    ['when the server also aborts the call as the response closes', { abortOnClose: true, heartbeatMs: 20 }],
  ])('cancels a silent upstream within 200 ms when the client leaves, %s', async (_, proxyOptions) => {
    // The server sends two events and then nothing: the relay's next() waits on the network, and an
    // async generator runs return() only after it settles.
    const mock = await startMockServer({ fault: { type: 'stall', afterEvents: 2 } })
    const proxy = await proxyTo(mock.url, proxyOptions)
    const events = readChatEvents(await fetch(proxy.url))
    expect((await events.next()).value).toMatchObject({ event: 'message_chunk' })
    expect((await events.next()).value).toMatchObject({ event: 'message_chunk' })
    await events.return()

    expect(await within(mock.mock.requests[0]!.stream!.ended, CANCEL_DEADLINE_MS)).toBe('cancelled')
  })

  it('keeps a stalled answer alive with heartbeats that readChatEvents counts as activity', async () => {
    const mock = await startMockServer({ fault: { type: 'stall', afterEvents: 1 } })
    const proxy = await proxyTo(mock.url, { abortOnClose: true, heartbeatMs: 20 })
    const controller = new AbortController()
    const events = readChatEvents(await fetch(proxy.url), { idleTimeoutMs: 100, signal: controller.signal })
    expect((await events.next()).value).toMatchObject({ event: 'message_chunk' })
    const pending = events.next()
    // Without the heartbeats, the idle timeout would end the events at 100 ms.
    await new Promise((resolve) => setTimeout(resolve, 400))
    controller.abort()
    expect((await pending).value).toMatchObject({ event: 'error', error: { type: 'aborted' } })
  })
})
