import { afterEach, describe, expect, it, type TestContext } from 'vitest'
import { createChatSession, type ChatConfig, type ChatEvent } from '../../lib/index'
import type { MockRawBody } from '../../lib/testing/index'
import { drain } from '../helpers/drain'
import { chunksOf, connectionsClosed, expectOneErrorAfter, serveForTest } from '../helpers/faults'
import { createInput, TEST_KEY } from '../helpers/server'

// The server sends garbage after a few good events. Input the SSE spec defines (a `retry:` or `id:`
// field, a BOM, an event without data, a line with no known field) is handled as the spec says and
// ends nothing; data that breaks the event schema ends the stream with exactly one invalid_response.

const TEXT = 'The good part of the answer.'
const GOOD = chunksOf(TEXT, 7)
const AFTER = { chat_session_id: 'mock-session-1', content_chunk: ' And after the garbage.' }
const AFTER_EVENT: ChatEvent = { event: 'message_chunk', data: { chatSessionId: 'mock-session-1', contentChunk: AFTER.content_chunk } }
const afterGarbage = `event: message_chunk\ndata: ${JSON.stringify(AFTER)}\n\n`

const configFor = (url: string, extra: Partial<ChatConfig> = {}): ChatConfig => ({ apiKey: TEST_KEY, baseURL: url, retry: { attempts: 3, baseDelayMs: 1 }, ...extra })

/** Streams the good events, then `garbage` as is, and returns what the client yields. */
async function eventsAfterGarbage(context: TestContext, garbage: MockRawBody, extra: Partial<ChatConfig> = {}): Promise<ChatEvent[]> {
  const server = await serveForTest(context, { answer: { text: TEXT, chunkSize: 7 }, fault: { type: 'raw', afterEvents: GOOD.length, body: garbage } })
  const events = await drain(createChatSession(configFor(server.url, extra), createInput()))
  expect(server.mock.requests).toHaveLength(1)
  expect(await connectionsClosed(server)).toBe(true)
  return events
}

/** Answers `body` as a whole JSON response (`stream: false`) and returns what the client yields. */
async function eventsOfJsonBody(context: TestContext, body: string): Promise<ChatEvent[]> {
  const server = await serveForTest(context, { fault: { type: 'raw', body, contentType: 'application/json' } })
  return drain(createChatSession(configFor(server.url), { ...createInput(), stream: false }))
}

/** Deterministic noise: every byte value except CR and LF, so that it stays on one line. */
function noise(length: number): Uint8Array {
  const bytes = new Uint8Array(length)
  let state = 0x2545f491
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    const byte = state >>> 24
    bytes[i] = byte === 0x0a || byte === 0x0d ? 0x00 : byte
  }
  return bytes
}

const concat = (...parts: Array<string | Uint8Array>): Uint8Array => {
  const encoded = parts.map((part) => (typeof part === 'string' ? new TextEncoder().encode(part) : part))
  const bytes = new Uint8Array(encoded.reduce((sum, part) => sum + part.length, 0))
  let at = 0
  for (const part of encoded) bytes.set(part, (at += part.length) - part.length)
  return bytes
}

const DEEP = 100_000
const HOSTILE_JSON: Array<[string, string]> = [
  ['null', 'null'],
  ['a number', '42'],
  ['an array', '[{"chat_session_id":"s","content_chunk":"x"}]'],
  ['a __proto__ key', '{"__proto__": {"polluted": true}}'],
  ['100k levels of nested arrays', '['.repeat(DEEP) + ']'.repeat(DEEP)],
  ['100k levels of nested objects', '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP)],
]

afterEach(() => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
})

describe.concurrent('the server sends garbage', () => {
  it('binary noise as the data of a message_chunk: the good events, then invalid_response', async (context) => {
    const events = await eventsAfterGarbage(context, concat('event: message_chunk\ndata: ', noise(4096), '\n\n', afterGarbage))
    const error = expectOneErrorAfter(events, GOOD, 'invalid_response')
    expect(error.message).toContain('message_chunk')
  })

  it('binary noise on a line of its own: ignored as a line with no known field, the answer goes on', async (context) => {
    const events = await eventsAfterGarbage(context, concat(noise(4096), '\n\n', afterGarbage))
    expect(events).toEqual([...GOOD, AFTER_EVENT])
  })

  it('invalid UTF-8: decoded to U+FFFD, as the SSE spec asks, without ending the stream', async (context) => {
    const json = JSON.stringify({ ...AFTER, content_chunk: 'AB' }).split('AB')
    const bytes = concat(`event: message_chunk\ndata: ${json[0]}A`, Uint8Array.of(0xff, 0xfe, 0xc3), `B${json[1]}\n\n`)
    const events = await eventsAfterGarbage(context, bytes)
    expect(events).toEqual([...GOOD, { event: 'message_chunk', data: { chatSessionId: 'mock-session-1', contentChunk: 'A\uFFFD\uFFFD\uFFFDB' } }])
  })

  it('a data: line of 64 MiB: invalid_response once maxEventBytes (16 MiB) is passed, the good events kept', async (context) => {
    const mebibyte = 'x'.repeat(1024 * 1024)
    let sent = 0
    const events = await eventsAfterGarbage(context, function* () {
      yield 'event: message_chunk\ndata: '
      for (sent = 0; sent < 64; sent++) yield mebibyte
      yield '\n\n'
    })
    const error = expectOneErrorAfter(events, GOOD, 'invalid_response')
    expect(error.message).toContain('maxEventBytes (16777216 bytes)')
    // The client cancelled the body long before the 64th mebibyte (it buffers at most twice the limit).
    expect(sent).toBeLessThan(64)
  })

  it('an event with no data: not dispatched, as the SSE spec says; the next event arrives', async (context) => {
    expect(await eventsAfterGarbage(context, `event: message_chunk\n\nevent: records_cited\n\n${afterGarbage}`)).toEqual([...GOOD, AFTER_EVENT])
  })

  it('retry: fields, valid and not: ignored, and never make the client reconnect', async (context) => {
    expect(await eventsAfterGarbage(context, `retry: 1\n\nretry: -5\nretry: soon\n${afterGarbage}`)).toEqual([...GOOD, AFTER_EVENT])
  })

  it('id: fields, one with a NUL: ignored, the events keep their data', async (context) => {
    expect(await eventsAfterGarbage(context, `id: 7\n${afterGarbage}id: a\0b\nevent: ping\ndata: p\n\n`)).toEqual([
      ...GOOD,
      AFTER_EVENT,
      { event: 'unknown', name: 'ping', data: 'p' },
    ])
  })

  it('a UTF-8 BOM before the first event: skipped', async (context) => {
    const server = await serveForTest(context, { fault: { type: 'raw', body: concat(Uint8Array.of(0xef, 0xbb, 0xbf), afterGarbage) } })
    expect(await drain(createChatSession(configFor(server.url), createInput()))).toEqual([AFTER_EVENT])
  })

  it('ten thousand tiny events in one write: every one delivered, in order', async (context) => {
    const events = await eventsAfterGarbage(context, 'event: tiny\ndata: .\n\n'.repeat(10_000))
    expect(events).toHaveLength(GOOD.length + 10_000)
    expect(events.slice(GOOD.length).every((event) => event.event === 'unknown' && event.name === 'tiny' && event.data === '.')).toBe(true)
  })

  it.for(HOSTILE_JSON)('a message_chunk whose data is %s: the good events, then invalid_response', async ([, json], context) => {
    const events = await eventsAfterGarbage(context, `event: message_chunk\ndata: ${json}\n\n${afterGarbage}`)
    expectOneErrorAfter(events, GOOD, 'invalid_response')
  })

  it.for(HOSTILE_JSON)('a JSON answer that is %s: exactly one invalid_response', async ([, json], context) => {
    expectOneErrorAfter(await eventsOfJsonBody(context, json), [], 'invalid_response')
  })

  it('a __proto__ key inside valid events: dropped, nothing polluted', async (context) => {
    const chunk = `{"chat_session_id":"s","content_chunk":"x","__proto__":{"polluted":true}}`
    const cited = `{"citations":[{"record":{"type":"site","__proto__":{"polluted":true}},"__proto__":{"polluted":true}}],"__proto__":{"polluted":true}}`
    const events = await eventsAfterGarbage(context, `event: message_chunk\ndata: ${chunk}\n\nevent: records_cited\ndata: ${cited}\n\n`)

    expect(events.slice(GOOD.length)).toEqual([
      { event: 'message_chunk', data: { chatSessionId: 's', contentChunk: 'x' } },
      { event: 'records_cited', data: { citations: [{ record: { type: 'site' } }] } },
    ])
    for (const event of events) expect(JSON.stringify(event)).not.toContain('polluted')
  })

  it('a JSON answer with __proto__ beside valid fields: a clean chat_result', async (context) => {
    const body = '{"chat_session_id":"s","__proto__":{"polluted":true},"message":{"role":"assistant","content":"ok","__proto__":{"polluted":true}}}'
    const events = await eventsOfJsonBody(context, body)
    expect(events).toEqual([{ event: 'chat_result', data: { chatSessionId: 's', message: { role: 'assistant', content: 'ok' } } }])
    expect(JSON.stringify(events)).not.toContain('polluted')
  })
})
