import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createChatSession, MAX_ERROR_TEXT_LENGTH, type ChatEvent, type Citation, type MessageChunk } from '../../lib/index'
import { describeIssues } from '../../lib/schemas/parse-json'
import { decodeServerEvent } from '../../lib/protocols/chat-sessions/decode-event'
import type { ChatError as DecodeError } from '../../lib/index'

/** What `decodeServerEvent` emitted for one message, or the error it returned. */
function parseServerEvent(message: Parameters<typeof decodeServerEvent>[0], redact: (text: string) => string) {
  const events: ChatEvent[] = []
  const error: DecodeError | undefined = decodeServerEvent(message, (event) => void events.push(event), redact)
  return error ? { ok: false as const, error } : { ok: true as const, value: events[0]! }
}

/** Parses without a key: these messages hold none. */
const keep = (text: string): string => text
import { chunkEvent, encode, fetchReturning, toSse, type WireEvent } from '../fixtures/sse'
import {
  chunkSpec,
  citationSpec,
  DOCUMENTED_RECORD_TYPES,
  expectedOfChunk,
  expectedOfCitation,
  wireOfChunk,
  wireOfCitation,
} from '../fixtures/sse-arbitraries'
import { createInput, eventsOfText, TEST_KEY } from '../helpers/client'
import { drain, lastError } from '../helpers/drain'


/** Streams one event whose data is `json` serialized, and returns what the client yields for it. */
async function decodeOne(event: 'message_chunk' | 'records_cited', json: unknown): Promise<ChatEvent> {
  const events = await eventsOfText(toSse([{ event, data: JSON.stringify(json) }]))
  expect(events).toHaveLength(1)
  return events[0]!
}

async function messageChunkOf(json: Record<string, unknown>): Promise<MessageChunk> {
  const event = await decodeOne('message_chunk', json)
  if (event.event !== 'message_chunk') throw new Error(`expected a message_chunk, got ${JSON.stringify(event)}`)
  return event.data
}

async function citationsOf(json: unknown): Promise<Citation[]> {
  const event = await decodeOne('records_cited', json)
  if (event.event !== 'records_cited') throw new Error(`expected records_cited, got ${JSON.stringify(event)}`)
  return event.data.citations
}

describe('message_chunk validation', () => {
  it.each([
    ['a string', { chat_session_id: 'session-9' }, 'session-9'],
    ['null', { chat_session_id: null }, null],
    ['absent', {}, undefined],
  ])('accepts chat_session_id as %s and renames it chatSessionId', async (_, extra, expected) => {
    const data = await messageChunkOf({ content_chunk: 'hi', ...extra })
    expect(data.chatSessionId).toBe(expected)
    expect(data.contentChunk).toBe('hi')
  })

  it.each([['stop'], ['length'], ['content_filter'], ['a_reason_from_the_future'], [''], [null]])(
    'passes finish_reason %j through as finishReason',
    async (reason) => {
      const data = await messageChunkOf({ chat_session_id: 's', content_chunk: '', finish_reason: reason })
      expect(data).toEqual({ chatSessionId: 's', contentChunk: '', finishReason: reason })
    },
  )

  it('leaves finishReason undefined when finish_reason is absent', async () => {
    expect((await messageChunkOf({ content_chunk: 'x' })).finishReason).toBeUndefined()
  })

  it('drops keys it does not know and keeps no snake_case key', async () => {
    const data = await messageChunkOf({ content_chunk: 'x', chat_session_id: 's', finish_reason: 'stop', usage: { tokens: 3 }, contentChunk: 'spoofed' })
    expect(Object.keys(data).sort()).toEqual(['chatSessionId', 'contentChunk', 'finishReason'])
    expect(data.contentChunk).toBe('x')
  })

  it('keeps content_chunk text exactly, escapes and all', async () => {
    const content = 'line\nbreak\r\n "quoted" \\ tab\t nul\0 € 😀 \u2028'
    expect((await messageChunkOf({ content_chunk: content })).contentChunk).toBe(content)
  })
})

describe('records_cited validation', () => {
  it('renames hit_url to hitUrl and keeps the record', async () => {
    const record = { type: 'documentation', url: 'https://docs.example.com/a', title: 'A', description: 'About A', breadcrumbs: ['Docs', 'A'] }
    const citations = await citationsOf({ citations: [{ number: 1, record, hit_url: 'https://docs.example.com/a#h' }] })
    expect(citations).toEqual([{ number: 1, record, hitUrl: 'https://docs.example.com/a#h' }])
  })

  it.each(DOCUMENTED_RECORD_TYPES.map((type) => [type]))('accepts the documented record type %s', async (type) => {
    expect((await citationsOf({ citations: [{ record: { type } }] }))[0]?.record.type).toBe(type)
  })

  it('passes a record type outside the documented enum through', async () => {
    expect((await citationsOf({ citations: [{ number: 1, record: { type: 'slack_thread' } }] }))[0]?.record.type).toBe('slack_thread')
  })

  it('accepts null url, title, description, breadcrumbs and hit_url (2024-09 revision)', async () => {
    const record = { type: 'site', url: null, title: null, description: null, breadcrumbs: null }
    const citations = await citationsOf({ citations: [{ number: 2, record, hit_url: null }] })
    expect(citations).toEqual([{ number: 2, record, hitUrl: null }])
  })

  it('accepts a record with only a type', async () => {
    const citations = await citationsOf({ citations: [{ record: { type: 'site' } }] })
    expect(citations).toEqual([{ record: { type: 'site' } }])
  })

  it('accepts a citation without number, leaving number undefined', async () => {
    const [citation] = await citationsOf({ citations: [{ record: { type: 'site', url: 'https://example.com' } }] })
    expect(citation?.number).toBeUndefined()
    expect(citation?.record.url).toBe('https://example.com')
  })

  it('reads number: null as no number', async () => {
    expect((await citationsOf({ citations: [{ number: null, record: { type: 'site' } }] }))[0]?.number).toBeUndefined()
  })

  it('accepts an empty citation list', async () => {
    expect(await citationsOf({ citations: [] })).toEqual([])
  })

  it('drops unknown keys at every level', async () => {
    const event = await decodeOne('records_cited', {
      citations: [{ number: 1, score: 0.9, record: { type: 'site', url: 'u', author: 'me', hit_url: 'nested' }, hit_url: 'h', hitUrl: 'spoofed' }],
      total: 1,
    })
    if (event.event !== 'records_cited') throw new Error(`expected records_cited, got ${JSON.stringify(event)}`)
    expect(Object.keys(event.data)).toEqual(['citations'])
    const [citation] = event.data.citations
    expect(citation).toEqual({ number: 1, record: { type: 'site', url: 'u' }, hitUrl: 'h' })
    expect(Object.keys(citation!).sort()).toEqual(['hitUrl', 'number', 'record'])
    expect(Object.keys(citation!.record).sort()).toEqual(['type', 'url'])
  })
})

describe('malformed events', () => {
  const before = chunkEvent('kept ')
  const after = chunkEvent(' never seen')

  it.each<[string, WireEvent]>([
    ['invalid JSON in message_chunk', { event: 'message_chunk', data: '{"content_chunk": "x"' }],
    ['content_chunk being a number', { event: 'message_chunk', data: JSON.stringify({ content_chunk: 42 }) }],
    ['content_chunk missing', { event: 'message_chunk', data: JSON.stringify({ chat_session_id: 's' }) }],
    ['chat_session_id being a number', { event: 'message_chunk', data: JSON.stringify({ content_chunk: 'x', chat_session_id: 7 }) }],
    ['finish_reason being an object', { event: 'message_chunk', data: JSON.stringify({ content_chunk: 'x', finish_reason: {} }) }],
    ['a JSON array instead of an object', { event: 'message_chunk', data: '["x"]' }],
    ['JSON null', { event: 'message_chunk', data: 'null' }],
    ['empty data', { event: 'message_chunk', data: '' }],
    ['invalid JSON in records_cited', { event: 'records_cited', data: '{citations: []}' }],
    ['citations missing', { event: 'records_cited', data: '{}' }],
    ['citations not a list', { event: 'records_cited', data: JSON.stringify({ citations: {} }) }],
    ['a record without type', { event: 'records_cited', data: JSON.stringify({ citations: [{ record: {} }] }) }],
    ['a citation without record', { event: 'records_cited', data: JSON.stringify({ citations: [{ number: 1 }] }) }],
    ['breadcrumbs holding a number', { event: 'records_cited', data: JSON.stringify({ citations: [{ record: { type: 'site', breadcrumbs: ['a', 1] } }] }) }],
    ['number being a string', { event: 'records_cited', data: JSON.stringify({ citations: [{ number: '1', record: { type: 'site' } }] }) }],
  ])('ends the stream with invalid_response on %s, keeping earlier events', async (_, bad) => {
    const events = await eventsOfText(toSse([before, bad, after]))
    expect(events).toHaveLength(2)
    expect(events[0]).toEqual({ event: 'message_chunk', data: { chatSessionId: 'session-1', contentChunk: 'kept ' } })
    const error = lastError(events)
    expect(error.type).toBe('invalid_response')
    expect(error.type === 'invalid_response' && error.raw).toBe(bad.data)
    expect(error.message).toContain(bad.event)
  })

  it('names the failing field in the message', async () => {
    const error = lastError(await eventsOfText(toSse([{ event: 'message_chunk', data: JSON.stringify({ content_chunk: 1 }) }])))
    expect(error.message).toContain('content_chunk')
    const cited = lastError(await eventsOfText(toSse([{ event: 'records_cited', data: JSON.stringify({ citations: [{ record: { type: 3 } }] }) }])))
    expect(cited.message).toContain('citations.0.record.type')
  })

  it('caps raw at MAX_ERROR_TEXT_LENGTH characters, keeping the start of the data', async () => {
    const data = `{"content_chunk": "${'€'.repeat(MAX_ERROR_TEXT_LENGTH * 2)}"` // no closing brace
    const error = lastError(await eventsOfText(toSse([{ event: 'message_chunk', data }])))
    if (error.type !== 'invalid_response') throw new Error(`expected invalid_response, got ${error.type}`)
    expect(error.raw.length).toBeLessThanOrEqual(MAX_ERROR_TEXT_LENGTH)
    // At most one character (an ellipsis) may mark the cut.
    expect(data.startsWith(error.raw.slice(0, MAX_ERROR_TEXT_LENGTH - 1))).toBe(true)
    expect(error.raw.length).toBeGreaterThanOrEqual(MAX_ERROR_TEXT_LENGTH - 1)
  })

  it('keeps raw whole when the data is exactly MAX_ERROR_TEXT_LENGTH characters', async () => {
    const data = `{"content_chunk": ${'1'.repeat(MAX_ERROR_TEXT_LENGTH - 19)}}`
    expect(data).toHaveLength(MAX_ERROR_TEXT_LENGTH)
    const error = lastError(await eventsOfText(toSse([{ event: 'message_chunk', data }])))
    expect(error.type === 'invalid_response' && error.raw).toBe(data)
  })

  it('yields nothing after a malformed event in the same chunk or later chunks', async () => {
    const bad = { event: 'records_cited', data: 'not json' }
    const text = toSse([before, bad, after, { event: 'ping', data: 'p' }])
    const { fetch } = fetchReturning(() => [encode(text), encode(toSse([after]))])
    const events = await drain(createChatSession({ apiKey: TEST_KEY, fetch, retry: false }, createInput()))
    expect(events.map((event) => event.event)).toEqual(['message_chunk', 'error'])
  })

  it('stops reading the body after a malformed event', async () => {
    let cancelled = false
    let pulls = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++
        controller.enqueue(encode(pulls === 1 ? 'event: message_chunk\ndata: {oops\n\n' : ': keep-alive\n\n'))
      },
      cancel() {
        cancelled = true
      },
    })
    const fetch = async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } })
    const events = await drain(createChatSession({ apiKey: TEST_KEY, fetch, retry: false }, createInput()))
    expect(events).toHaveLength(1)
    expect(lastError(events).type).toBe('invalid_response')
    expect(cancelled).toBe(true)
  })

  it('is not retried, even with retries on', async () => {
    const { fetch, requests } = fetchReturning(() => [encode('event: message_chunk\ndata: {\n\n')])
    const events = await drain(createChatSession({ apiKey: TEST_KEY, fetch, retry: { attempts: 3, baseDelayMs: 1 } }, createInput()))
    expect(lastError(events).type).toBe('invalid_response')
    expect(requests).toHaveLength(1)
  })

  it('does not validate the data of unknown events', async () => {
    const events = await eventsOfText(toSse([{ event: 'ping', data: '{not json' }, { event: 'message_chunk_v2', data: '42' }, before]))
    expect(events).toEqual([
      { event: 'unknown', name: 'ping', data: '{not json' },
      { event: 'unknown', name: 'message_chunk_v2', data: '42' },
      { event: 'message_chunk', data: { chatSessionId: 'session-1', contentChunk: 'kept ' } },
    ])
  })
})

describe('parseServerEvent', () => {
  it('names a message without an event field "message"', () => {
    expect(parseServerEvent({ data: '[DONE]' }, keep)).toEqual({ ok: true, value: { event: 'unknown', name: 'message', data: '[DONE]' } })
  })

  it('keeps the name of an unknown event and its data untouched', () => {
    expect(parseServerEvent({ event: 'ping', data: ' a\nb ', id: '1' }, keep)).toEqual({ ok: true, value: { event: 'unknown', name: 'ping', data: ' a\nb ' } })
  })

  it('describes an empty issue list as invalid', () => {
    expect(describeIssues([])).toBe('invalid')
  })

  it('decodes any generated message_chunk payload to its camelCase form', () => {
    fc.assert(
      fc.property(chunkSpec, (spec) => {
        const parsed = parseServerEvent({ event: 'message_chunk', data: JSON.stringify(wireOfChunk(spec)) }, keep)
        expect(parsed).toEqual({ ok: true, value: expectedOfChunk(spec) })
      }),
      { numRuns: 500 },
    )
  })

  it('decodes any generated records_cited payload to its camelCase form', () => {
    fc.assert(
      fc.property(fc.array(citationSpec, { maxLength: 5 }), (specs) => {
        const parsed = parseServerEvent({ event: 'records_cited', data: JSON.stringify({ citations: specs.map(wireOfCitation) }) }, keep)
        expect(parsed).toEqual({ ok: true, value: { event: 'records_cited', data: { citations: specs.map(expectedOfCitation) } } })
      }),
      { numRuns: 500 },
    )
  })

  it('either decodes or fails with invalid_response holding the data, for any JSON or text', () => {
    const data = fc.oneof(
      fc.json({ maxDepth: 3 }),
      fc.string(),
      fc.record({ content_chunk: fc.jsonValue({ maxDepth: 1 }), citations: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
    )
    fc.assert(
      fc.property(fc.constantFrom('message_chunk', 'records_cited'), data, (event, text) => {
        const parsed = parseServerEvent({ event, data: text }, keep)
        if (parsed.ok) expect(parsed.value.event).toBe(event)
        else {
          expect(parsed.error.type).toBe('invalid_response')
          if (text.length <= MAX_ERROR_TEXT_LENGTH) expect(parsed.error.type === 'invalid_response' && parsed.error.raw).toBe(text)
        }
      }),
      { numRuns: 500 },
    )
  })
})
