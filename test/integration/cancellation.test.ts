import { describe, expect, it } from 'vitest'
import { createChatSession, type ChatConfig, type ChatEvent } from '../../lib/index'
import type { MockInkeepServer } from '../../lib/testing/node'
import { drain } from '../helpers/drain'
import { createInput, startMockServer, TEST_KEY } from '../helpers/server'

/** 200 chunks 20 ms apart: about 4 s of answer, so a cancellation always lands mid-stream. */
const LONG_ANSWER = { text: 'x'.repeat(2000), chunkSize: 10, delayMs: 20 }

/** How long the server may take to see the client go away. */
const CANCEL_DEADLINE_MS = 200

const configFor = (url: string): ChatConfig => ({ apiKey: TEST_KEY, baseURL: url })

const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'still running'> =>
  Promise.race([promise, new Promise<'still running'>((resolve) => setTimeout(resolve, ms, 'still running'))])

/** Waits until the server's only streamed answer ended, and returns how and how far it got. */
async function streamEnd(server: MockInkeepServer) {
  expect(server.mock.requests).toHaveLength(1)
  const stream = server.mock.requests[0]?.stream
  if (!stream) throw new Error('the server did not stream an answer')
  const ended = await within(stream.ended, CANCEL_DEADLINE_MS)
  return { ended, sentEvents: stream.sentEvents, totalEvents: stream.totalEvents }
}

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return true
}

describe('leaving a call early', () => {
  it('cancels the HTTP request when the loop is left with break', async () => {
    const server = await startMockServer({ answer: LONG_ANSWER })
    const seen: ChatEvent[] = []
    for await (const event of createChatSession(configFor(server.url), createInput())) {
      seen.push(event)
      if (seen.length === 3) break
    }

    expect(seen.map((event) => event.event)).toEqual(['message_chunk', 'message_chunk', 'message_chunk'])
    const end = await streamEnd(server)
    expect(end.ended).toBe('cancelled')
    expect(end.sentEvents).toBeLessThan(end.totalEvents)
  })

  it('cancels the HTTP request when return() is called on the generator', async () => {
    const server = await startMockServer({ answer: LONG_ANSWER })
    const events = createChatSession(configFor(server.url), createInput())
    expect((await events.next()).value).toMatchObject({ event: 'message_chunk' })
    expect((await events.next()).value).toMatchObject({ event: 'message_chunk' })

    expect(await events.return()).toEqual({ done: true, value: undefined })
    const end = await streamEnd(server)
    expect(end.ended).toBe('cancelled')
    expect(end.sentEvents).toBeLessThan(end.totalEvents)
    expect(await events.next()).toEqual({ done: true, value: undefined })
  })

  it('cancels the HTTP request when the caller’s signal aborts mid-stream', async () => {
    const server = await startMockServer({ answer: LONG_ANSWER })
    const controller = new AbortController()
    const events = createChatSession(configFor(server.url), createInput(), { signal: controller.signal })
    expect((await events.next()).value).toMatchObject({ event: 'message_chunk' })

    controller.abort()
    const end = await streamEnd(server)
    expect(end.ended).toBe('cancelled')
    expect(end.sentEvents).toBeLessThan(end.totalEvents)
  })

  it('yields exactly one aborted error after the signal aborts, then returns', async () => {
    const server = await startMockServer({ answer: LONG_ANSWER })
    const controller = new AbortController()
    const events = createChatSession(configFor(server.url), createInput(), { signal: controller.signal })
    expect((await events.next()).value).toMatchObject({ event: 'message_chunk' })
    expect((await events.next()).value).toMatchObject({ event: 'message_chunk' })

    controller.abort()
    const rest = await drain({ [Symbol.asyncIterator]: () => events })
    expect(rest).toEqual([{ event: 'error', error: { type: 'aborted', message: expect.any(String) } }])
    expect(await events.next()).toEqual({ done: true, value: undefined })
    expect(server.mock.requests).toHaveLength(1)
  })

  it('yields no chunk already received by the client once the signal aborts, only the aborted error', async () => {
    // No delay: the whole answer is already buffered by the client when the consumer aborts.
    const server = await startMockServer({ answer: { text: 'y'.repeat(300), chunkSize: 10 } })
    const controller = new AbortController()
    const events = createChatSession(configFor(server.url), createInput(), { signal: controller.signal })
    expect((await events.next()).value).toMatchObject({ event: 'message_chunk' })

    controller.abort()
    const rest = await drain({ [Symbol.asyncIterator]: () => events })
    expect(rest).toEqual([{ event: 'error', error: { type: 'aborted', message: expect.any(String) } }])
  })

  it('sends nothing and yields aborted when the signal was aborted before the call', async () => {
    const server = await startMockServer()
    const events = await drain(createChatSession(configFor(server.url), createInput(), { signal: AbortSignal.abort() }))

    expect(events).toEqual([{ event: 'error', error: { type: 'aborted', message: expect.any(String) } }])
    expect(server.mock.requests).toHaveLength(0)
  })

  it('closes the connection to the server after a break', async () => {
    const server = await startMockServer({ answer: LONG_ANSWER })
    for await (const event of createChatSession(configFor(server.url), createInput())) {
      expect(event.event).toBe('message_chunk')
      break
    }

    // After an abort, Node's fetch (undici) opens a spare idle connection and closes it after its own
    // keep-alive timeout (about 3 s), so "eventually" here is up to undici's 4 s keep-alive.
    expect(await waitFor(() => server.openConnections === 0, 5000)).toBe(true)
  })

  it('ends a next() already waiting on a stalled stream as soon as the signal aborts', async () => {
    const server = await startMockServer({ fault: { type: 'stall', afterEvents: 1 } })
    const controller = new AbortController()
    const events = createChatSession(configFor(server.url), createInput(), { signal: controller.signal })
    expect((await events.next()).value).toMatchObject({ event: 'message_chunk' })

    const pending = events.next()
    setTimeout(() => controller.abort(), 20)
    const next = await within(pending, CANCEL_DEADLINE_MS + 20)
    expect(next).toEqual({ done: false, value: { event: 'error', error: { type: 'aborted', message: expect.any(String) } } })
    expect(await within(server.mock.requests[0]!.stream!.ended, CANCEL_DEADLINE_MS)).toBe('cancelled')
  })
})
