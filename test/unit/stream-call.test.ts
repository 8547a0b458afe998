import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createChatSession, type ChatConfig, type ChatEvent } from '../../lib/index'
import { chunkEvent, toSse } from '../fixtures/sse'
import { drain } from '../helpers/drain'

type Operation = { call: 'next' | 'return' | 'throw'; awaited: boolean }

interface Script {
  /** The events of each network chunk, by the text of each `message_chunk`. */
  chunks: string[][]
  /** The connection is reset after the last chunk instead of ending. */
  reset: boolean
  operations: Operation[]
}

const INPUT = { integrationId: 'integration-1', chatSession: { messages: [{ role: 'user' as const, content: 'Hi' }] } }

// Timers are faked (the call's timers are what is checked); I/O callbacks still run, so a turn of the
// event loop is a setImmediate.
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
})
afterEach(() => {
  vi.useRealTimers()
})

/** A caller's signal that counts the listeners attached to it. */
function countingSignal() {
  const controller = new AbortController()
  const { signal } = controller
  const add = signal.addEventListener.bind(signal)
  const remove = signal.removeEventListener.bind(signal)
  const counts = { listening: 0 }
  signal.addEventListener = (...args: Parameters<AbortSignal['addEventListener']>) => (counts.listening++, add(...args))
  signal.removeEventListener = (...args: Parameters<AbortSignal['removeEventListener']>) => (counts.listening--, remove(...args))
  return { controller, signal, counts }
}

/** A `config.fetch` answering with the script's chunks, one per read, a turn of the event loop apart. */
function scriptedFetch({ chunks, reset }: Pick<Script, 'chunks' | 'reset'>) {
  const encoder = new TextEncoder()
  const seen = { requests: 0, cancelled: 0, signal: undefined as AbortSignal | undefined }
  const fetch: NonNullable<ChatConfig['fetch']> = async (_, init) => {
    seen.requests++
    seen.signal = init?.signal ?? undefined
    let index = 0
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await tick()
        const chunk = chunks[index++]
        if (chunk) controller.enqueue(encoder.encode(toSse(chunk.map((text) => chunkEvent(text)))))
        else if (reset) controller.error(new TypeError('socket reset'))
        else controller.close()
      },
      cancel() {
        seen.cancelled++
      },
    })
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
  }
  return { fetch, seen }
}

const describeEvent = (event: ChatEvent): string =>
  event.event === 'message_chunk' ? event.data.contentChunk : event.event === 'error' ? `error: ${event.error.type}` : event.event

/**
 * What the caller sees: each call's outcome, in the order they settle. Also notes how many timers
 * were armed whenever an error event was handed out.
 */
async function observe(iterator: AsyncGenerator<string, void, undefined>, operations: Operation[], timersAtError: number[] = []): Promise<string[]> {
  const log: string[] = []
  const calls: Promise<void>[] = []
  operations.forEach(({ call, awaited }, index) => {
    const promise = call === 'next' ? iterator.next() : call === 'return' ? iterator.return() : iterator.throw(new Error(`thrown ${index}`))
    const settled = promise.then(
      (result) => {
        if (result.value?.startsWith('error')) timersAtError.push(vi.getTimerCount())
        log.push(`${index} ${call} → ${JSON.stringify(result)}`)
      },
      (error: Error) => void log.push(`${index} ${call} ✗ ${error.message}`),
    )
    calls.push(settled)
    if (awaited) calls.push(tick())
  })
  // Calls not awaited above run concurrently; wait for all of them in the order they were made.
  for (const call of calls) await call
  return log
}

/** The reference: a native async generator yielding each event, the final error after its clean-up. */
async function* eventByEvent({ chunks, reset }: Script, cleanUp: string[]): AsyncGenerator<string, void, undefined> {
  const delivered = chunks.flat().length
  cleanUp.push('started')
  try {
    for (const chunk of chunks) {
      await tick()
      yield* chunk
    }
    if (!reset) cleanUp.push('read to the end')
  } finally {
    cleanUp.push('finally')
  }
  if (reset) yield delivered > 0 ? 'error: stream_interrupted' : 'error: network'
}

async function* described(events: AsyncGenerator<ChatEvent, void, undefined>): AsyncGenerator<string, void, undefined> {
  for await (const event of events) yield describeEvent(event)
}

const script: fc.Arbitrary<Script> = fc.record({
  chunks: fc.array(fc.array(fc.stringMatching(/^[a-z]{1,3}$/), { maxLength: 4 }), { maxLength: 4 }),
  reset: fc.boolean(),
  operations: fc.array(fc.record({ call: fc.constantFrom('next', 'next', 'next', 'next', 'return', 'throw'), awaited: fc.boolean() }), {
    minLength: 1,
    maxLength: 16,
  }),
})

describe('streamCall (createChatSession)', () => {
  it('answers next(), return() and throw(), concurrent or not, as a generator yielding each event, and cleans up once', async () => {
    await fc.assert(
      fc.asyncProperty(script, async (scenario) => {
        const reference: string[] = []
        const expected = await observe(eventByEvent(scenario, reference), [...scenario.operations, { call: 'return', awaited: true }])

        const { fetch, seen } = scriptedFetch(scenario)
        const caller = countingSignal()
        const events = createChatSession({ apiKey: 'sk-unit', fetch, retry: false }, INPUT, { signal: caller.signal })
        // Every call goes straight to the generator, so that its own return() and throw() are what is seen.
        const describeResult = (result: IteratorResult<ChatEvent, void>): IteratorResult<string, void> =>
          result.done ? result : { value: describeEvent(result.value), done: false }
        const direct = {
          next: () => events.next().then(describeResult),
          return: () => events.return().then(describeResult),
          throw: (error: unknown) => events.throw(error).then(describeResult),
        } as AsyncGenerator<string, void, undefined>
        const timersAtError: number[] = []
        const actual = await observe(direct, [...scenario.operations, { call: 'return', awaited: true }], timersAtError)
        expect(actual).toEqual(expected)
        // An error event is handed out only after the call's clean-up: no timer is left armed.
        expect(timersAtError.every((count) => count === 0)).toBe(true)

        const started = reference.includes('started')
        expect(seen.requests).toBe(started ? 1 : 0)
        expect(caller.counts.listening).toBe(0)
        expect(vi.getTimerCount()).toBe(0)
        // The request is aborted (and its body cancelled) exactly when it was not read to the end.
        if (started) expect(seen.signal?.aborted).toBe(!reference.includes('read to the end'))
        expect(seen.cancelled).toBeLessThanOrEqual(1)
      }),
      { numRuns: 200 },
    )
  })

  it('hands out nothing buffered once the caller aborts, then one aborted error with no timer armed, then ends', async () => {
    const { fetch, seen } = scriptedFetch({ chunks: [['a', 'b', 'c', 'd']], reset: false })
    const caller = countingSignal()
    const events = createChatSession({ apiKey: 'sk-unit', fetch }, INPUT, { signal: caller.signal })
    expect(describeEvent((await events.next()).value as ChatEvent)).toBe('a')
    caller.controller.abort()
    const next = await events.next()
    expect(!next.done && describeEvent(next.value)).toBe('error: aborted')
    expect(vi.getTimerCount()).toBe(0)
    expect(caller.counts.listening).toBe(0)
    expect(seen.signal?.aborted).toBe(true)
    expect(await events.next()).toEqual({ done: true, value: undefined })
  })

  it('stops handing out a chunk’s events once the total timeout fires, and yields the timeout last', async () => {
    const { fetch } = scriptedFetch({ chunks: [['a', 'b', 'c']], reset: false })
    const events = createChatSession({ apiKey: 'sk-unit', fetch, totalTimeoutMs: 1000 }, INPUT)
    expect(describeEvent((await events.next()).value as ChatEvent)).toBe('a')
    vi.advanceTimersByTime(1000)
    const rest: string[] = []
    for await (const event of described(events)) rest.push(event)
    expect(rest).toEqual(['error: timeout'])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('ends with aborted when the caller’s signal already aborted, without calling the key function, a hook or fetch', async () => {
    const { fetch, seen } = scriptedFetch({ chunks: [['a']], reset: false })
    const called: string[] = []
    const apiKey = (): string => (called.push('apiKey'), 'sk-unit')
    const hooks = { onRequest: () => void called.push('onRequest') }
    const events = await drain(createChatSession({ apiKey, fetch, hooks }, INPUT, { signal: AbortSignal.abort() }))
    expect(events.map(describeEvent)).toEqual(['error: aborted'])
    expect(called).toEqual([])
    expect(seen.requests).toBe(0)
  })

  it('reports invalid input before an already-aborted signal, without calling the key function for a call that can’t be sent', async () => {
    let calls = 0
    const apiKey = (): string => (calls++, 'sk-unit')
    const events = await drain(createChatSession({ apiKey }, { ...INPUT, integrationId: '' }, { signal: AbortSignal.abort() }))
    expect(events).toMatchObject([{ event: 'error', error: { type: 'invalid_input', issues: [{ path: 'input.integrationId' }] } }])
    expect(calls).toBe(0)
  })

  it('is a native async generator, so return(), throw() and `await using` are the runtime’s own', () => {
    const events = createChatSession({ apiKey: 'sk-unit' }, INPUT)
    const native = (async function* () {})()
    expect(Object.prototype.toString.call(events)).toBe('[object AsyncGenerator]')
    expect(Object.getPrototypeOf(Object.getPrototypeOf(events))).toBe(Object.getPrototypeOf(Object.getPrototypeOf(native)))
    expect(events[Symbol.asyncIterator]()).toBe(events)
  })
})
