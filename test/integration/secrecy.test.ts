import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest'
import { createChatSession, type ChatConfig, type ChatError, type ChatEvent, type FetchFunction } from '../../lib/index'
import type { MockFault } from '../../lib/testing/index'
import { drain } from '../helpers/drain'
import { serveForTest } from '../helpers/faults'
import { createInput } from '../helpers/server'

// Every server fault and every custom fetch below echoes the key, whole or cut at a length limit;
// no error may carry it, nor any long piece of it, and the library must log nothing at all.

const KEY = 'sk-live-Zq8vR2mN5xT1wY7kP4jL9hB3cF6dG0sA'
/** Any run of this many characters of the key counts as a leak. */
const LEAK_LENGTH = 8
const keyPieces = Array.from({ length: KEY.length - LEAK_LENGTH + 1 }, (_, i) => KEY.slice(i, i + LEAK_LENGTH))

function expectNoKey(error: ChatError): void {
  const texts = [JSON.stringify(error), error.message, String(error), `${JSON.stringify((error as { cause?: unknown }).cause ?? null)}`]
  for (const text of texts) for (const piece of keyPieces) expect(text, `leaks ${piece}`).not.toContain(piece)
  expect(error).not.toHaveProperty('cause')
}

const errorOf = (events: ChatEvent[]): ChatError => {
  const last = events.at(-1)
  if (last?.event !== 'error') throw new Error(`expected an error, got ${JSON.stringify(last)}`)
  return last.error
}

/** A 4096-character body, the error text limit, that ends in the middle of the key. */
const cutInsideKey = (prefix: string): string => prefix + 'x'.repeat(4096 - prefix.length - 10) + KEY
const echoes: Array<[ChatError['type'], MockFault, Partial<ChatConfig>?]> = [
  ['http', { type: 'status', status: 400, body: `{"detail": "bad key ${KEY}"}` }],
  ['http', { type: 'status', status: 401, body: cutInsideKey('') }],
  ['http', { type: 'status', status: 403, body: `${'y'.repeat(190)}${KEY}` }],
  ['http_validation', { type: 'status', status: 422, body: JSON.stringify({ detail: [{ loc: ['header', KEY], msg: `key ${KEY} refused`, type: KEY }] }) }],
  ['invalid_response', { type: 'raw', afterEvents: 1, body: `event: message_chunk\ndata: {"content_chunk": 1, "key": "${KEY}"}\n\n` }],
  ['invalid_response', { type: 'raw', afterEvents: 1, body: `event: message_chunk\ndata: ${cutInsideKey('{')}\n\n` }],
  ['invalid_response', { type: 'raw', body: cutInsideKey('<html>'), contentType: 'text/html' }],
  ['invalid_response', { type: 'raw', body: `${'z'.repeat(300)}${KEY}`, contentType: 'application/json' }],
  // A JSON syntax error quotes the start of the text, cut inside the key.
  ['invalid_response', { type: 'raw', body: KEY, contentType: 'application/json' }],
  ['invalid_response', { type: 'raw', afterEvents: 1, body: `event: records_cited\ndata: {"a": ${KEY}}\n\n` }],
  ['invalid_response', { type: 'raw', afterEvents: 1, body: `event: message_chunk\ndata: ${'a'.repeat(1020)}${KEY}\n\n` }, { maxEventBytes: 1024 }],
  ['timeout', { type: 'stall', afterEvents: 1 }, { idleTimeoutMs: 50 }],
  ['timeout', { type: 'stall' }, { timeoutMs: 50 }],
  ['network', { type: 'drop' }],
  ['stream_interrupted', { type: 'drop', afterEvents: 1, partialBytes: 3 }],
]

/** A custom fetch that fails with the key in its message and in its cause's. */
const throwingFetch: FetchFunction = async () => {
  throw new TypeError(`fetch failed for Bearer ${KEY}`, { cause: Object.assign(new Error(`socket said ${KEY}`), { code: KEY }) })
}

/** A custom fetch whose body delivers one event, then errors with the key in the message. */
const breakingFetch: FetchFunction = async () => {
  let pulls = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulls++ === 0) controller.enqueue(new TextEncoder().encode('event: ping\ndata: p\n\n'))
      else controller.error(new Error(`stream for ${KEY} broke`))
    },
  })
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
}

const logSpies: MockInstance[] = []
beforeAll(() => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) logSpies.push(vi.spyOn(console, method))
  logSpies.push(vi.spyOn(process, 'emitWarning'))
})
afterAll(() => {
  for (const spy of logSpies) {
    expect(spy).not.toHaveBeenCalled()
    spy.mockRestore()
  }
})

describe.concurrent('the API key stays secret', () => {
  it.for(echoes)('in a %s error from a server that echoes the key (case %#)', async ([type, fault, extra], context) => {
    const server = await serveForTest(context, { fault, answer: { delayMs: 5 } })
    const events = await drain(createChatSession({ apiKey: KEY, baseURL: server.url, retry: false, ...extra }, createInput()))
    const error = errorOf(events)
    expect(error.type).toBe(type)
    expectNoKey(error)
  })

  it('in the network error of a custom fetch that throws with the key in its message and cause', async () => {
    const error = errorOf(await drain(createChatSession({ apiKey: KEY, fetch: throwingFetch, retry: false }, createInput())))
    expect(error.type).toBe('network')
    expect(error.message).toContain('fetch failed for Bearer [redacted]')
    expectNoKey(error)
  })

  it('in stream_interrupted when a custom fetch’s body breaks with the key in its message', async () => {
    const error = errorOf(await drain(createChatSession({ apiKey: KEY, fetch: breakingFetch, retry: false }, createInput())))
    expect(error.type).toBe('stream_interrupted')
    expectNoKey(error)
  })

  it('in aborted, even when the abort reason holds the key', async () => {
    const error = errorOf(await drain(createChatSession({ apiKey: KEY, fetch: throwingFetch }, createInput(), { signal: AbortSignal.abort(new Error(KEY)) })))
    expect(error.type).toBe('aborted')
    expectNoKey(error)
  })

  it('in invalid_input, whether the key or the rest of the config is wrong', async () => {
    const cases: Array<[ChatConfig, unknown]> = [
      [{ apiKey: `${KEY}\n` }, createInput()],
      [{ apiKey: KEY, headers: { 'x-key': `${KEY}\r\nx: y` } }, createInput()],
      [{ apiKey: KEY, baseURL: `http://example.com/${KEY}` }, createInput()],
      [{ apiKey: () => `${KEY}\0` }, createInput()],
      // Headers would trim these and send the key, which a server then echoes trimmed; fetch fails if reached.
      [{ apiKey: ` ${KEY} `, fetch: throwingFetch }, createInput()],
      [{ apiKey: async () => `${KEY}\t`, fetch: throwingFetch }, createInput()],
      // Headers would throw on these, out of the generator.
      [{ apiKey: `${KEY}\u0100` }, createInput()],
      [{ apiKey: () => `é${KEY}€` }, createInput()],
      [{ apiKey: KEY }, { integrationId: KEY, chatSession: { messages: [{ role: KEY, content: KEY }] } }],
    ]
    for (const [config, input] of cases) {
      const error = errorOf(await drain(createChatSession(config, input as never)))
      expect(error.type).toBe('invalid_input')
      expectNoKey(error)
    }
  })
})
