import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { openBodyReader } from '../../lib/call/body-reader'
import { createCallContext } from '../../lib/call/call-context'
import type { StreamDecoder } from '../../lib/call/protocol'
import { createChatSession, MAX_ERROR_TEXT_LENGTH, type ChatEvent } from '../../lib/index'
import { readServerEvents } from '../../lib/call/sse-reader'
import { chunkEvent, citationsEvent, encode, responseOf, splitAt, toSse, type WireEvent } from '../fixtures/sse'
import {
  cutBytes,
  cuts,
  ending,
  expectedEvents,
  lineEnd,
  serializeStream,
  sseSoup,
  streamItem,
} from '../fixtures/sse-arbitraries'
import { createInput, eventsOfBody, eventsOfText, TEST_KEY } from '../helpers/client'
import { drain, lastError } from '../helpers/drain'

const KEY = TEST_KEY
const INPUT = createInput()
const BOM = [0xef, 0xbb, 0xbf]

const eventsOf = eventsOfBody

/** One chunk per byte. */
const byteByByte = (bytes: Uint8Array): Uint8Array[] => Array.from(bytes, (_, i) => bytes.slice(i, i + 1))

/** Chunks of `size` bytes. */
const chunksOf = (bytes: Uint8Array, size: number): Uint8Array[] =>
  splitAt(bytes, Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => i * size))

const concat = (...parts: Array<Uint8Array | number[]>): Uint8Array => {
  const bytes = parts.flatMap((part) => Array.from(part))
  return Uint8Array.from(bytes)
}

/** The event a fixture's WireEvent must decode to, from its JSON: snake_case keys become camelCase. */
function decodedOf(wire: WireEvent): ChatEvent {
  if (wire.event === 'message_chunk') {
    const json = JSON.parse(wire.data) as { chat_session_id?: string | null; content_chunk: string; finish_reason?: string | null }
    return { event: 'message_chunk', data: { chatSessionId: json.chat_session_id, contentChunk: json.content_chunk, finishReason: json.finish_reason } }
  }
  if (wire.event === 'records_cited') {
    type WireCitation = { number?: number; record: { type: string; url?: string; title?: string; breadcrumbs?: string[] }; hit_url?: string }
    const json = JSON.parse(wire.data) as { citations: WireCitation[] }
    return {
      event: 'records_cited',
      data: { citations: json.citations.map((c) => ({ number: c.number, record: c.record, hitUrl: c.hit_url })) },
    }
  }
  return { event: 'unknown', name: wire.event ?? 'message', data: wire.data }
}

const sample: WireEvent[] = [
  chunkEvent('Hello, '),
  { event: 'ping', data: 'first line\nsecond line' },
  chunkEvent('wörld €1 😀', { finish_reason: 'stop' }),
  citationsEvent(2),
]

/** Every shape a streamed event may take, per the public types; a `chat_result` never comes from SSE. */
function isDocumentedStreamEvent(event: ChatEvent): boolean {
  const optionalString = (value: unknown) => value === undefined || value === null || typeof value === 'string'
  const keysWithin = (value: object, allowed: string[]) => Object.keys(value).every((key) => allowed.includes(key))
  switch (event.event) {
    case 'message_chunk': {
      const { data } = event
      return typeof data.contentChunk === 'string' && optionalString(data.chatSessionId) && optionalString(data.finishReason) &&
        keysWithin(data, ['chatSessionId', 'contentChunk', 'finishReason'])
    }
    case 'records_cited':
      return Array.isArray(event.data.citations) && keysWithin(event.data, ['citations']) && event.data.citations.every((citation) => {
        const { record } = citation
        return (citation.number === undefined || typeof citation.number === 'number') && optionalString(citation.hitUrl) &&
          keysWithin(citation, ['number', 'record', 'hitUrl']) && typeof record.type === 'string' &&
          optionalString(record.url) && optionalString(record.title) && optionalString(record.description) &&
          (record.breadcrumbs === undefined || record.breadcrumbs === null || record.breadcrumbs.every((crumb) => typeof crumb === 'string')) &&
          keysWithin(record, ['type', 'url', 'title', 'description', 'breadcrumbs'])
      })
    case 'unknown':
      return typeof event.name === 'string' && event.name !== 'message_chunk' && event.name !== 'records_cited' && typeof event.data === 'string'
    case 'error':
      return event.error.type === 'invalid_response' && typeof event.error.message === 'string' &&
        typeof event.error.raw === 'string' && event.error.raw.length <= MAX_ERROR_TEXT_LENGTH
    default:
      return false
  }
}

describe('SSE decoding through createChatSession', () => {
  it('decodes the same events when the body arrives one byte per chunk', async () => {
    const bytes = encode(toSse(sample))
    const events = await eventsOf(byteByByte(bytes))
    expect(events).toEqual(sample.map(decodedOf))
  })

  it('decodes CRLF line endings like LF ones', async () => {
    const events = await eventsOfText(toSse(sample, '\r\n'))
    expect(events).toEqual(sample.map(decodedOf))
  })

  it('joins a CRLF pair split across two chunks into one line end', async () => {
    const bytes = encode(toSse(sample, '\r\n'))
    const crOffsets = Array.from(bytes.keys()).filter((i) => bytes[i] === 0x0d).map((i) => i + 1)
    const chunks = splitAt(bytes, crOffsets)
    expect(chunks.slice(0, -1).every((chunk) => chunk[chunk.length - 1] === 0x0d)).toBe(true)
    expect(await eventsOf(chunks)).toEqual(sample.map(decodedOf))
  })

  it('joins a CRLF blank line split after its CR at each event end', async () => {
    // Each event's last CRLF pair (the blank line) is cut between CR and LF, in a chunk of its own.
    const text = toSse(sample, '\r\n')
    const bytes = encode(text)
    const blankLineCuts = [...text.matchAll(/\r\n\r\n/g)].flatMap((match) => {
      const at = encode(text.slice(0, match.index)).length + 2
      return [at, at + 1]
    })
    expect(await eventsOf(splitAt(bytes, blankLineCuts))).toEqual(sample.map(decodedOf))
  })

  it('ignores comment lines and heartbeats, between events and inside one', async () => {
    const text = [
      ': keep-alive\n\n',
      ':\n',
      'event: message_chunk\n',
      ': a comment inside the event\n',
      `data: ${JSON.stringify({ content_chunk: 'a' })}\n\n`,
      ': keep-alive\n\n: keep-alive\n\n',
      'event: ping\ndata: x\n:trailing comment\n\n',
      ': keep-alive\n',
    ].join('')
    const expected: ChatEvent[] = [
      { event: 'message_chunk', data: { contentChunk: 'a' } },
      { event: 'unknown', name: 'ping', data: 'x' },
    ]
    expect(await eventsOfText(text)).toEqual(expected)
    expect(await eventsOf(byteByByte(encode(text)))).toEqual(expected)
  })

  it('yields nothing but the end for a body of heartbeats only', async () => {
    expect(await eventsOfText(': keep-alive\n\n'.repeat(5))).toEqual([])
  })

  it('joins the lines of a multi-line data field with LF', async () => {
    const lines = ['line one', '', '  indented', 'data: not a field', 'last']
    const text = `event: custom\n${lines.map((line) => `data: ${line}`).join('\n')}\n\n`
    expect(await eventsOfText(text)).toEqual([{ event: 'unknown', name: 'custom', data: lines.join('\n') }])
  })

  it('strips exactly one space after the colon of a field', async () => {
    const text = 'event:custom\ndata:no space\ndata:  two spaces\n\n'
    expect(await eventsOfText(text)).toEqual([{ event: 'unknown', name: 'custom', data: 'no space\n two spaces' }])
  })

  it.each([
    ['no line end at all', '\n', ''],
    ['a single LF', '\n', '\n'],
    ['no line end, CRLF body', '\r\n', ''],
    ['a single CRLF', '\r\n', '\r\n'],
    ['a lone CR', '\r\n', '\r'],
  ])('delivers a final event followed by %s', async (_, end, tail) => {
    const last = chunkEvent('the end', { finish_reason: 'stop' })
    const text = toSse([chunkEvent('first ')], end as '\n' | '\r\n') + `event: ${last.event}${end}data: ${last.data}${tail}`
    const expected = [decodedOf(chunkEvent('first ')), decodedOf(last)]
    expect(await eventsOfText(text)).toEqual(expected)
    expect(await eventsOf(byteByByte(encode(text)))).toEqual(expected)
  })

  it('delivers a final unknown event without a trailing blank line', async () => {
    expect(await eventsOfText('event: ping\ndata: last')).toEqual([{ event: 'unknown', name: 'ping', data: 'last' }])
  })

  it('decodes multi-byte UTF-8 characters whatever byte they are cut at', async () => {
    const content = 'é € 😀 中文 𝄞'
    const wire = chunkEvent(content)
    const bytes = encode(toSse([wire]))
    const expected = [decodedOf(wire)]
    // Cut once at every offset, so each byte of every multi-byte character is a chunk boundary once.
    for (let at = 1; at < bytes.length; at++) {
      expect(await eventsOf(splitAt(bytes, [at]))).toEqual(expected)
    }
    expect(await eventsOf(byteByByte(bytes))).toEqual(expected)
  })

  it('decodes multi-byte characters in an unknown event data split byte by byte', async () => {
    const data = '€😀'.repeat(10)
    expect(await eventsOf(byteByByte(encode(`event: custom\ndata: ${data}\n\n`)))).toEqual([{ event: 'unknown', name: 'custom', data }])
  })

  it('ignores id: and retry: fields, valid or not', async () => {
    const wire = chunkEvent('with id')
    const text = [
      'id: 42\nretry: 3000\n',
      `event: message_chunk\ndata: ${wire.data}\n\n`,
      'retry: soon\nid\nevent: ping\ndata: p\nid: 43\n\n',
      'retry: 10\n\n',
    ].join('')
    const expected = [decodedOf(wire), { event: 'unknown', name: 'ping', data: 'p' }]
    expect(await eventsOfText(text)).toEqual(expected)
    expect(await eventsOfText(text.replaceAll('\n', '\r\n'))).toEqual(expected)
  })

  it('ignores lines with an unknown field name', async () => {
    const wire = chunkEvent('x')
    const text = `foo: bar\nevent: message_chunk\nnot-a-field\ndata: ${wire.data}\n\n`
    expect(await eventsOfText(text)).toEqual([decodedOf(wire)])
  })

  it('skips a leading UTF-8 BOM, whole or split across chunks', async () => {
    const body = encode(toSse(sample))
    const expected = sample.map(decodedOf)
    expect(await eventsOf([concat(BOM, body)])).toEqual(expected)
    expect(await eventsOf([Uint8Array.from(BOM), body])).toEqual(expected)
    expect(await eventsOf([Uint8Array.of(0xef), Uint8Array.of(0xbb), concat([0xbf], body)])).toEqual(expected)
    expect(await eventsOf(byteByByte(concat(BOM, encode(toSse(sample, '\r\n')))))).toEqual(expected)
  })

  it('passes unknown event names through without ending the stream', async () => {
    const after = chunkEvent('after')
    const text = [
      'event: ping\ndata: \n\n',
      'data: [DONE]\n\n',
      'event: message_chunk_v2\ndata: {"content_chunk": 1}\n\n',
      'event: \ndata: empty name\n\n',
      'event: ping\n\n',
      `event: message_chunk\ndata: ${after.data}\n\n`,
    ].join('')
    expect(await eventsOfText(text)).toEqual([
      { event: 'unknown', name: 'ping', data: '' },
      { event: 'unknown', name: 'message', data: '[DONE]' },
      { event: 'unknown', name: 'message_chunk_v2', data: '{"content_chunk": 1}' },
      { event: 'unknown', name: 'message', data: 'empty name' },
      // `event: ping` without data is not dispatched, as the SSE spec says.
      decodedOf(after),
    ])
  })

  it('yields no events and no error for an empty body', async () => {
    expect(await eventsOf([])).toEqual([])
    expect(await eventsOf([new Uint8Array(0)])).toEqual([])
  })
})

describe('maxEventBytes', () => {
  const limited = { maxEventBytes: 1024 }
  const unknownEvent = (data: string) => `event: big\ndata: ${data}\n\n`

  const expectTooLarge = (events: ChatEvent[]) => {
    const error = lastError(events)
    expect(error.type).toBe('invalid_response')
    expect(error.message).toContain('maxEventBytes')
    expect(error.message).toContain('1024')
  }

  it.each([
    ['one chunk', (bytes: Uint8Array) => [bytes]],
    ['one byte per chunk', byteByByte],
    ['7-byte chunks', (bytes: Uint8Array) => chunksOf(bytes, 7)],
    ['100-byte chunks', (bytes: Uint8Array) => chunksOf(bytes, 100)],
  ])('rejects an event with 2000 bytes of data arriving in %s', async (_, cut) => {
    const before = chunkEvent('kept')
    const text = toSse([before]) + unknownEvent('a'.repeat(2000)) + toSse([chunkEvent('never seen')])
    const events = await eventsOf(cut(encode(text)), limited)
    expect(events).toHaveLength(2)
    expect(events[0]).toEqual(decodedOf(before))
    expectTooLarge(events)
  })

  it('rejects a 2000-byte message_chunk as well', async () => {
    const events = await eventsOfText(toSse([chunkEvent('b'.repeat(2000))]), limited)
    expect(events).toHaveLength(1)
    expectTooLarge(events)
  })

  it.each([
    ['1024 ASCII bytes', 'a'.repeat(1024)],
    ['341 euro signs and one ASCII byte (1024 bytes)', '€'.repeat(341) + 'a'],
    ['256 emoji (1024 bytes, 512 UTF-16 units)', '😀'.repeat(256)],
    ['four data lines of 1024 bytes with their joining LFs', ['a'.repeat(255), 'b'.repeat(255), 'c'.repeat(255), 'd'.repeat(256)].join('\n')],
  ])('accepts an event of exactly maxEventBytes: %s', async (_, data) => {
    expect(new TextEncoder().encode(data).length).toBe(1024)
    const text = `event: big\n${data.split('\n').map((line) => `data: ${line}`).join('\n')}\n\n`
    const expected = [{ event: 'unknown', name: 'big', data }]
    expect(await eventsOfText(text, limited)).toEqual(expected)
    expect(await eventsOf(chunksOf(encode(text), 5), limited)).toEqual(expected)
  })

  it.each([
    ['1025 ASCII bytes', 'a'.repeat(1025)],
    ['400 euro signs (1200 bytes, 400 characters)', '€'.repeat(400)],
    ['342 euro signs (1026 bytes)', '€'.repeat(342)],
    ['257 emoji (1028 bytes)', '😀'.repeat(257)],
  ])('rejects an event one past maxEventBytes in UTF-8 bytes: %s', async (_, data) => {
    expect(new TextEncoder().encode(data).length).toBeGreaterThan(1024)
    const bytes = encode(unknownEvent(data))
    expectTooLarge(await eventsOf([bytes], limited))
    expectTooLarge(await eventsOf(chunksOf(bytes, 3), limited))
  })

  it('counts bytes that are not UTF-8 as the U+FFFD they decode to (3 bytes each)', async () => {
    // 400 bytes on the wire, 1200 bytes of decoded data: the decoded size is what counts.
    const bytes = new Uint8Array([...encode('event: big\ndata: '), ...new Uint8Array(400).fill(0xff), ...encode('\n\n')])
    expectTooLarge(await eventsOf([bytes], limited))
    expectTooLarge(await eventsOf(chunksOf(bytes, 100), limited))
  })

  it('checks a large event that follows many small ones in the same chunks', async () => {
    const small = encode(toSse(Array.from({ length: 50 }, () => chunkEvent('x'))))
    const bytes = new Uint8Array([...small, ...encode(unknownEvent('€'.repeat(400)))])
    for (const size of [1, 64, bytes.length]) expectTooLarge(await eventsOf(chunksOf(bytes, size), limited))
    // The large event starts in the chunk that ends the small ones and ends in the next, short one.
    expectTooLarge(await eventsOf(splitAt(bytes, [small.length + 1000]), limited))
  })

  it('keeps the start of the oversized data in the error', async () => {
    const data = 'start-' + 'z'.repeat(2000)
    const error = lastError(await eventsOfText(unknownEvent(data), limited))
    if (error.type !== 'invalid_response') throw new Error(`expected invalid_response, got ${error.type}`)
    expect(error.raw.startsWith('start-')).toBe(true)
    expect(data.startsWith(error.raw)).toBe(true)
  })

  it.each([
    ['one chunk', (bytes: Uint8Array) => [bytes]],
    ['100-byte chunks', (bytes: Uint8Array) => chunksOf(bytes, 100)],
  ])('refuses a comment line longer than maxEventBytes the same way in %s', async (_, cut) => {
    // Every line is held to the limit, so that where the chunks were cut can never change the outcome.
    const text = `event: first\ndata: ok\n\n: ${'x'.repeat(3000)}\n\nevent: ping\ndata: ok\n\n`
    const events = await eventsOf(cut(encode(text)), limited)
    expect(events[0]).toEqual({ event: 'unknown', name: 'first', data: 'ok' })
    expect(events).toHaveLength(2)
    expectTooLarge(events)
  })

  it.each([
    ['one chunk', (bytes: Uint8Array) => [bytes]],
    ['100-byte chunks', (bytes: Uint8Array) => chunksOf(bytes, 100)],
  ])('accepts comment and event lines up to maxEventBytes next to data of the full size, in %s', async (_, cut) => {
    const name = 'n'.repeat(1000)
    const text = `: ${'x'.repeat(1000)}\nevent: ${name}\ndata: ${'d'.repeat(1024)}\n\n`
    expect(await eventsOf(cut(encode(text)), limited)).toEqual([{ event: 'unknown', name, data: 'd'.repeat(1024) }])
  })

  it('counts maxEventBytes per event, not per body', async () => {
    const events = Array.from({ length: 10 }, (_, i) => ({ event: 'part', data: String(i).repeat(1000) }))
    const decoded = await eventsOf(chunksOf(encode(toSse(events)), 333), limited)
    expect(decoded).toEqual(events.map(decodedOf))
  })

  it('ends an endless line with invalid_response and cancels the body', async () => {
    let pulls = 0
    let cancelled = false
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++
        controller.enqueue(encode(pulls === 1 ? 'event: big\ndata: ' : 'x'.repeat(64)))
      },
      cancel() {
        cancelled = true
      },
    })
    const fetch = async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } })
    const events = await drain(createChatSession({ apiKey: KEY, fetch, retry: false, ...limited }, INPUT))
    expect(events).toHaveLength(1)
    expectTooLarge(events)
    expect(cancelled).toBe(true)
  })

  it('ends an endless multi-line event with invalid_response', async () => {
    let pulls = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++
        controller.enqueue(encode(pulls === 1 ? 'event: big\n' : 'data: yyyyyyyy\n'))
      },
    })
    const fetch = async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } })
    const events = await drain(createChatSession({ apiKey: KEY, fetch, retry: false, ...limited }, INPUT))
    expect(events).toHaveLength(1)
    expectTooLarge(events)
  })
})

describe('a line longer than maxEventBytes', () => {
  const limited = { maxEventBytes: 1024 }
  /** Past the limit by more than any field name and byte order mark: refused whatever its field. */
  const overLimit = 1024 + 16 + 1

  /** An endless body: `head`, then `piece` forever; counts the bytes handed to the client. */
  function endlessBody(head: string, piece: string) {
    const state = { pulled: 0, cancelled: false }
    const bytes = [encode(head), encode(piece)] as const
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          const chunk = state.pulled === 0 ? bytes[0] : bytes[1]
          state.pulled += chunk.length
          controller.enqueue(chunk)
        },
        cancel() {
          state.cancelled = true
        },
      },
      { highWaterMark: 0 },
    )
    return { body, state }
  }

  it('stops reading an endless line of two-byte characters once it is past the limit in bytes', async () => {
    const maxEventBytes = 64 * 1024
    const chunkBytes = 16 * 1024
    const { body, state } = endlessBody('event: message_chunk\ndata: ', 'ж'.repeat(chunkBytes / 2))
    const fetch = async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } })
    const events = await drain(createChatSession({ apiKey: KEY, fetch, retry: false, maxEventBytes }, INPUT))
    expect(lastError(events).message).toContain(`maxEventBytes (${maxEventBytes} bytes)`)
    expect(events).toHaveLength(1)
    expect(state.cancelled).toBe(true)
    // The line is refused as soon as it is sure to be: a field name and a BOM past the limit, read
    // in whole chunks. Counted in UTF-16 units instead, it would take twice the limit or more.
    expect(state.pulled).toBeLessThanOrEqual(maxEventBytes + 16 + chunkBytes + 64)
  })

  it.each([
    ['LF', '\n'],
    ['CR', '\r'],
    ['CRLF', '\r\n'],
  ])('delivers the events completed before it, with %s line ends, however the body is cut', async (_, end) => {
    const before = [chunkEvent('one'), { event: 'ping', data: 'two' }]
    const head = toSse(before).replaceAll('\n', end)
    const bytes = encode(`${head}data: ${'ж'.repeat(overLimit)}`)
    const expected = before.map(decodedOf)
    // In one chunk with the events; in two, cut after the events' last line end, which with CR line
    // ends leaves a CR whose LF might still come; and cut every 100 bytes.
    for (const chunks of [[bytes], splitAt(bytes, [encode(head).length]), chunksOf(bytes, 100)]) {
      const events = await eventsOf(chunks, limited)
      expect(events.slice(0, -1)).toEqual(expected)
      expect(lastError(events).message).toContain('maxEventBytes')
    }
  })

  it.each([
    ['two-byte characters', 'ж'.repeat(512)],
    ['three-byte characters and one ASCII byte', '€'.repeat(341) + 'a'],
    ['four-byte characters', '😀'.repeat(256)],
  ])('accepts a data line of exactly maxEventBytes of %s, behind a BOM or not, however the body is cut', async (_, data) => {
    expect(encode(data).length).toBe(1024)
    const text = `event: ${'n'.repeat(1024)}\ndata: ${data}\n\n`
    const expected = [{ event: 'unknown', name: 'n'.repeat(1024), data }]
    for (const bytes of [encode(text), concat(BOM, encode(text))]) {
      for (const chunks of [[bytes], byteByByte(bytes), chunksOf(bytes, 7), chunksOf(bytes, 1000)]) {
        expect(await eventsOf(chunks, limited)).toEqual(expected)
      }
    }
  })

  it.each([
    ['an event: line in an event without data', `event: ${'n'.repeat(overLimit)}\n\n`],
    ['an id: line', `id: ${'7'.repeat(overLimit)}\ndata: x\n\n`],
    ['an id: line with a NUL, which the parser ignores', `id: \0${'7'.repeat(overLimit)}\ndata: x\n\n`],
    ['a retry: line of digits', `retry: ${'7'.repeat(overLimit)}\n\n`],
    ['a retry: line of digits, then a letter', `retry: ${'7'.repeat(overLimit)}x\n\n`],
    ['a comment', `: ${'c'.repeat(overLimit)}\n\n`],
    ['a data: line after a data: line', `data: first\ndata: ${'d'.repeat(overLimit)}\n: ${'c'.repeat(overLimit)}\n\n`],
  ])('refuses %s past the limit by more than a field name, the same way however the body is cut', async (_, line) => {
    const bytes = encode(toSse([chunkEvent('kept')]) + line + toSse([chunkEvent('never seen')]))
    const whole = await eventsOf([bytes], limited)
    expect(whole[0]).toEqual(decodedOf(chunkEvent('kept')))
    expect(whole).toHaveLength(2)
    expect(lastError(whole).message).toContain('maxEventBytes')
    for (const chunks of [byteByByte(bytes), chunksOf(bytes, 100), chunksOf(bytes, 1030)]) {
      expect(await eventsOf(chunks, limited)).toStrictEqual(whole)
    }
  })

  it('accepts data and lines up to the limit with CR line ends, when a chunk ends on a CR', async () => {
    // The parser holds the line before a CR that ends a chunk until it knows no LF follows: together
    // with the next line and the event's data, that would pass its guard of twice the limit.
    const head = `data: ${'a'.repeat(1024)}\r: ${'x'.repeat(1000)}\r`
    const bytes = encode(`${head}event: ${'n'.repeat(100)}\r\r`)
    const at = encode(head).length
    const expected = [{ event: 'unknown', name: 'n'.repeat(100), data: 'a'.repeat(1024) }]
    expect(await eventsOf([bytes], limited)).toEqual(expected)
    expect(await eventsOf([bytes.slice(0, at), bytes.slice(at, -2), bytes.slice(-2)], limited)).toEqual(expected)
  })

  it('refuses any line past the limit with the same events and error, whatever its field and wherever the body is cut', async () => {
    const field = fc.constantFrom('data: ', 'data:', 'event: ', 'id: ', 'retry: ', ': ', ':', 'foo: ', '', 'retry: 1')
    const filler = fc.constantFrom('a', '7', 'ж', '€', '😀', '\0', ' ', ':')
    const body = fc.record({
      before: fc.array(streamItem.filter((item) => encode(serializeStream([item], '\n')).length < 1000), { maxLength: 3 }),
      field,
      // Up to about two and a half times the limit in bytes, so that some pass the parser's own guard.
      fill: fc.tuple(filler, fc.integer({ min: 1, max: 2600 })).map(([char, bytes]) => char.repeat(Math.ceil(bytes / encode(char).length))),
      after: fc.constantFrom('\n\n', '\ndata: x\n\n', '', '\r\n: more\r\n\r\n'),
      end: lineEnd,
      bom: fc.boolean(),
    })
    await fc.assert(
      fc.asyncProperty(body, cuts, async ({ before, field, fill, after, end, bom }, how) => {
        const text = serializeStream(before, end) + field + fill + after
        const bytes = bom ? concat(BOM, encode(text)) : encode(text)
        const whole = await eventsOf([bytes], limited)
        expect(await eventsOf(cutBytes(bytes, how), limited)).toStrictEqual(whole)
        expect(whole.slice(0, before.filter((item) => item.kind !== 'comment').length)).toEqual(expectedEvents(before))
        if (encode(field + fill).length > 1024 + 16) expect(lastError(whole).message).toContain('maxEventBytes')
      }),
      { numRuns: 200 },
    )
  })
})

describe('readServerEvents', () => {
  /** Hands each SSE message on as it came, so the batches show what the parser gave. */
  const asMessages: StreamDecoder = { decode: (message, emit) => void emit(message as unknown as ChatEvent), bodyEnded: () => undefined }

  /** Reads `chunks` to the end; returns the non-empty batches and the error that ended them, if any. */
  async function batchesOf(chunks: Uint8Array[], maxEventBytes = 16 * 1024 * 1024) {
    let cancelled = false
    const base = responseOf(chunks).body!.getReader()
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await base.read()
        if (done) controller.close()
        else controller.enqueue(value)
      },
      cancel() {
        cancelled = true
      },
    })
    const reader = openBodyReader(body, createCallContext({ timeouts: { idleMs: 60_000 } }), 'http://test')
    const source = readServerEvents(reader, { maxEventBytes, decoder: asMessages, redact: (text) => text, keepUnterminatedLastEvent: true })
    const batches: Array<ReadonlyArray<{ event?: string | undefined; data: string; id?: string | undefined }>> = []
    for (;;) {
      const { messages, end } = await source.read()
      if (messages.length > 0) batches.push(messages as unknown as (typeof batches)[number])
      if (end) return { batches, result: end === 'done' ? undefined : end, cancelled }
    }
  }

  it('returns the messages completed by each chunk as one batch, and ends without an error', async () => {
    const { batches, result } = await batchesOf([encode('data: a\n\ndata: b\n\ndata: c'), encode('\n'), encode('\n'), encode('data: d')])
    expect(batches.map((batch) => batch.map((message) => message.data))).toEqual([['a', 'b'], ['c'], ['d']])
    expect(result).toBeUndefined()
  })

  it('keeps the name and id of each message', async () => {
    const { batches } = await batchesOf([encode('id: 42\nevent: ping\ndata: p\n\ndata: q\n\n')])
    expect(batches.flat()).toEqual([
      { id: '42', event: 'ping', data: 'p' },
      { id: undefined, event: undefined, data: 'q' },
    ])
  })

  it('returns the size error together with the earlier messages, and cancels the body', async () => {
    const text = 'data: small\n\n' + `data: ${'a'.repeat(2000)}\n\n` + 'data: after\n\n'
    const { batches, result, cancelled } = await batchesOf([encode(text), encode('data: later chunk\n\n')], 1024)
    expect(batches.flat().map((message) => message.data)).toEqual(['small'])
    expect(result?.type).toBe('invalid_response')
    expect(result?.message).toContain('maxEventBytes')
    expect(cancelled).toBe(true)
  })
})

describe('SSE decoding properties', () => {
  it('decodes any generated stream to the generated events, whatever the chunk boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(streamItem, { maxLength: 8 }), lineEnd, ending, cuts, async (items, end, last, how) => {
        const bytes = encode(serializeStream(items, end, last))
        const whole = await eventsOf([bytes])
        const split = await eventsOf(cutBytes(bytes, how))
        expect(split).toStrictEqual(whole)
        expect(whole).toEqual(expectedEvents(items))
      }),
      { numRuns: 300 },
    )
  })

  it('decodes a generated stream behind a UTF-8 BOM to the same events', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(streamItem, { minLength: 1, maxLength: 4 }), lineEnd, cuts, async (items, end, how) => {
        const bytes = concat(BOM, encode(serializeStream(items, end)))
        expect(await eventsOf(cutBytes(bytes, how))).toEqual(expectedEvents(items))
      }),
      { numRuns: 200 },
    )
  })

  it('never throws on arbitrary bytes, and yields only documented events with at most one error, last', async () => {
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 3000 }),
      sseSoup.map(encode),
      fc.tuple(sseSoup, fc.uint8Array({ maxLength: 64 }), sseSoup).map(([a, b, c]) => concat(encode(a), b, encode(c))),
    )
    await fc.assert(
      fc.asyncProperty(body, fc.array(fc.nat(), { maxLength: 20 }), async (bytes, offsets) => {
        const chunks = splitAt(bytes, offsets.map((n) => n % (bytes.length + 1)))
        const events = await eventsOf(chunks, { maxEventBytes: 1024 })
        const errors = events.filter((event) => event.event === 'error')
        expect(errors.length).toBeLessThanOrEqual(1)
        if (errors.length === 1) expect(events[events.length - 1]?.event).toBe('error')
        for (const event of events) expect(isDocumentedStreamEvent(event), JSON.stringify(event)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })
})
