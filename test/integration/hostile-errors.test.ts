import { describe, expect, it } from 'vitest'
import { collectChatResult, createChatSession, type ChatConfig, type ChatError, type ChatEvent, type FetchFunction } from '../../lib/index'
import { createMockInkeep } from '../../lib/testing/index'
import { createInput, TEST_KEY } from '../helpers/client'
import { drain } from '../helpers/drain'
import { expectOneErrorAfter } from '../helpers/faults'
import { chunkEvent, encode, responseOf, toSse } from '../fixtures/sse'

// Whatever a caller's code throws, and however its getters behave, the call ends with one error event:
// a description that throws must never turn into a rejection of next(), nor into the wrong error.

const throwing = (what: string) => (): never => {
  throw new Error(`${what} can not be read`)
}

/** Values a caller's fetch, key function, body or hook may throw, each breaking a naive description. */
const HOSTILE: Array<[string, () => unknown]> = [
  ['an error whose getters all throw', () => ({ get name() { return throwing('name')() }, get message() { return throwing('message')() }, get code() { return throwing('code')() }, get cause() { return throwing('cause')() } })],
  ['an error whose cause getter throws', () => ({ name: 'Error', message: 'refused', get cause() { return throwing('cause')() } })],
  ['an error whose code getter throws', () => ({ name: 'Error', message: '', get code() { return throwing('code')() } })],
  ['an error whose message cannot become a string', () => ({ name: 'ShapeError', message: Object.create(null) as object })],
  ['a Proxy whose every trap throws', () => new Proxy({}, { get: throwing('any property'), getPrototypeOf: throwing('the prototype') })],
  ['a Symbol', () => Symbol('thrown')],
]

const SSE = { 'content-type': 'text/event-stream' }
const oneEvent = encode(toSse([chunkEvent('Hello')]))
const HELLO: ChatEvent = { event: 'message_chunk', data: { chatSessionId: 'session-1', contentChunk: 'Hello', finishReason: undefined } }

/** A fetch answering with an event stream that gives `before` (bytes), then errors with `thrown`. */
const breakingFetch = (thrown: unknown, before: Uint8Array[]): FetchFunction => async () => {
  const chunks = [...before]
  const body = new ReadableStream<Uint8Array>({ pull: (controller) => (chunks.length > 0 ? controller.enqueue(chunks.shift()!) : controller.error(thrown)) })
  return new Response(body, { headers: SSE })
}

/** Where a hostile value can come from: the config that makes it, the events before it, the error type. */
const SOURCES: Array<[string, (thrown: unknown) => Partial<ChatConfig>, ChatEvent[], ChatError['type']]> = [
  ['config.fetch rejecting with it', (thrown) => ({ fetch: async () => Promise.reject(thrown) }), [], 'network'],
  ['config.apiKey throwing it', (thrown) => ({ apiKey: () => { throw thrown } }), [], 'invalid_input'],
  ['a body that errors with it before any event', (thrown) => ({ fetch: breakingFetch(thrown, []) }), [], 'network'],
  ['a body that errors with it after one event', (thrown) => ({ fetch: breakingFetch(thrown, [oneEvent]) }), [HELLO], 'stream_interrupted'],
  ['an onRequest hook throwing it', (thrown) => ({ hooks: { onRequest: () => { throw thrown } } }), [], 'hook'],
  ['an onResponse hook rejecting with it', (thrown) => ({ hooks: { onResponse: async () => Promise.reject(thrown) } }), [], 'hook'],
]

const configWith = (extra: Partial<ChatConfig>): ChatConfig => ({ apiKey: TEST_KEY, retry: false, fetch: createMockInkeep().fetch, ...extra })

describe.each(HOSTILE)('%s', (_, makeThrown) => {
  it.each(SOURCES)('from %s: one error event, never a rejection, and collectChatResult resolves ok: false', async (_, configFor, before, type) => {
    const events = await drain(createChatSession(configWith(configFor(makeThrown())), createInput()))
    expectOneErrorAfter(events, before, type)

    const collected = await collectChatResult(createChatSession(configWith(configFor(makeThrown())), createInput()))
    expect(collected).toMatchObject({ ok: false, error: { type } })
  })

  it('from a caller’s iterable throwing it: collectChatResult resolves ok: false', async () => {
    const thrown = makeThrown()
    async function* failing(): AsyncGenerator<ChatEvent> {
      yield HELLO
      throw thrown
    }
    expect(await collectChatResult(failing())).toMatchObject({ ok: false, error: { type: 'stream_interrupted', eventsReceived: 1 } })
  })
})

/** A custom fetch's lookalike of an event-stream Response, with `fields` over the well-behaved ones. */
function lookalikeFetch(fields: PropertyDescriptorMap): FetchFunction {
  return (async () => {
    const real = responseOf([oneEvent])
    const plain = { status: 200, ok: true, type: 'basic', headers: real.headers, body: real.body, bodyUsed: false, url: '' }
    return Object.defineProperties(plain, fields)
  }) as unknown as FetchFunction
}

const bodyReading = (read: () => unknown, cancel: () => unknown = async () => {}): PropertyDescriptorMap => ({ body: { value: { getReader: () => ({ read, cancel }) } } })

describe('a custom fetch’s lookalike Response that breaks after passing the transport’s check', () => {
  it.each<[string, PropertyDescriptorMap]>([
    ['whose ok getter throws', { ok: { get: throwing('ok') } }],
    ['whose headers.get gives a number', { headers: { value: { get: () => 42 } } }],
    ['whose body is a string, not a stream', { body: { value: 'event: message_chunk\n\n' } }],
    ['whose body gives strings, not bytes', { body: { value: new ReadableStream({ start: (controller) => (controller.enqueue('data: {}\n\n'), controller.close()) }) } }],
    ['whose reader resolves to undefined', bodyReading(async () => undefined)],
    ['whose reader throws instead of rejecting', bodyReading(throwing('the next chunk'))],
    ['whose reader returns no promise', bodyReading(() => 'a chunk')],
  ])('%s ends the call with one network error, never a rejection', async (_, fields) => {
    const events = await drain(createChatSession(configWith({ fetch: lookalikeFetch(fields) }), createInput()))
    expectOneErrorAfter(events, [], 'network')
  })

  it('whose reader’s cancel throws is still aborted by the caller, with nothing thrown past the call', async () => {
    const controller = new AbortController()
    // As a stream's cancel does, this one ends the pending read; then it throws, as no stream's does.
    let endRead: (error: Error) => void = () => {}
    const read = () => new Promise((_, reject) => (endRead = reject))
    const fields = bodyReading(read, () => {
      endRead(new Error('cancelled'))
      throwing('cancel')()
    })
    const pending = drain(createChatSession(configWith({ fetch: lookalikeFetch(fields) }), createInput(), { signal: controller.signal }))
    setTimeout(() => controller.abort(), 20)
    expect(await pending).toEqual([{ event: 'error', error: { type: 'aborted', message: expect.any(String) } }])
  })
})
