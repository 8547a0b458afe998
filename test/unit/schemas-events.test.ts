import fc from 'fast-check'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import type { ChatResult } from '../../lib/index'
import { parseJsonWith } from '../../lib/schemas/parse-json'
import { ChatResultSchema, readMessageChunk, readRecordsCited, RecordsCitedSchema, ValidationErrorBodySchema, WireMessageChunkSchema } from '../../lib/protocols/chat-sessions/event-schemas'
import { anyText, citationSpec, expectedOfCitation, lineText, wireOfCitation, type CitationSpec } from '../fixtures/sse-arbitraries'

const parse = <TSchema extends Parameters<typeof parseJsonWith>[0]>(schema: TSchema, json: unknown) => parseJsonWith(schema, JSON.stringify(json))
const parseChunk = (json: unknown) => readMessageChunk(JSON.parse(JSON.stringify(json)))

const CAMEL_CASE: Record<string, string> = { chat_session_id: 'chatSessionId', content_chunk: 'contentChunk', finish_reason: 'finishReason' }

/**
 * What valibot's `WireMessageChunkSchema` says of `json`, each key of its output camelCased (a key
 * the JSON left out stays out): `readMessageChunk` must agree.
 */
const chunkPerSchema = (json: unknown) => {
  const parsed = v.safeParse(WireMessageChunkSchema, json)
  if (!parsed.success) return undefined
  return Object.fromEntries(Object.entries(parsed.output).map(([key, value]) => [CAMEL_CASE[key], value]))
}

/** JSON values shaped like a chunk: each field absent, or any JSON value, or a string or null most of the time. */
const chunkLike = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      chat_session_id: fc.oneof(fc.string(), fc.constant(null), fc.jsonValue()),
      content_chunk: fc.oneof(fc.string(), fc.string(), fc.jsonValue()),
      finish_reason: fc.oneof(fc.string(), fc.constant(null), fc.jsonValue()),
      extra: fc.jsonValue(),
    },
    { requiredKeys: [] },
  ),
)

describe('readMessageChunk', () => {
  it('gives the verdict and the output of WireMessageChunkSchema for any JSON value', () => {
    let accepted = 0
    fc.assert(
      fc.property(chunkLike, (json) => {
        const expected = chunkPerSchema(json)
        if (expected) accepted++
        expect(readMessageChunk(json)).toStrictEqual(expected)
      }),
      { numRuns: 2000 },
    )
    // Both verdicts must be exercised for the agreement to mean anything.
    expect(accepted).toBeGreaterThan(200)
    expect(accepted).toBeLessThan(1800)
  })

  it('refuses arrays, which valibot objects accept only when the fields are there', () => {
    expect(readMessageChunk(['content_chunk'])).toBeUndefined()
    expect(chunkPerSchema(['content_chunk'])).toBeUndefined()
  })
})

/** JSON values shaped like a record: each field absent, or of its type (nulls included), or any JSON value. */
const recordLike = fc.oneof(
  { weight: 1, arbitrary: fc.jsonValue() },
  {
    weight: 6,
    arbitrary: fc.record(
      {
        type: fc.oneof(fc.string(), fc.string(), fc.jsonValue()),
        url: fc.oneof(fc.string(), fc.constant(null), fc.jsonValue()),
        title: fc.oneof(fc.string(), fc.constant(null)),
        description: fc.oneof(fc.string(), fc.constant(null), fc.jsonValue()),
        breadcrumbs: fc.oneof(fc.array(fc.string(), { maxLength: 3 }), fc.constant(null), fc.array(fc.jsonValue(), { maxLength: 2 }), fc.jsonValue()),
      },
      { requiredKeys: [] },
    ),
  },
)

/** JSON values shaped like `records_cited` data, mostly valid, with every field sometimes wrong. */
const recordsCitedLike = fc.oneof(
  { weight: 1, arbitrary: fc.jsonValue() },
  {
    weight: 8,
    arbitrary: fc.record(
      {
        citations: fc.oneof(
          { weight: 6, arbitrary: fc.array(fc.oneof(
            { weight: 1, arbitrary: fc.jsonValue() },
            { weight: 8, arbitrary: fc.record({ number: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null), fc.jsonValue()), record: recordLike, hit_url: fc.oneof(fc.string(), fc.constant(null), fc.jsonValue()) }, { requiredKeys: ['record'] }) },
          ), { maxLength: 4 }) },
          { weight: 1, arbitrary: fc.jsonValue() },
        ),
        extra: fc.jsonValue(),
      },
      { requiredKeys: [] },
    ),
  },
)

describe('readRecordsCited', () => {
  it('gives the verdict and the output of RecordsCitedSchema for any JSON value', () => {
    let accepted = 0
    fc.assert(
      fc.property(recordsCitedLike, (json) => {
        const parsed = v.safeParse(RecordsCitedSchema, json)
        if (parsed.success) accepted++
        expect(readRecordsCited(json)).toStrictEqual(parsed.success ? parsed.output : undefined)
      }),
      { numRuns: 3000 },
    )
    // Both verdicts must be exercised for the agreement to mean anything.
    expect(accepted).toBeGreaterThan(300)
    expect(accepted).toBeLessThan(2700)
  })
})

describe('event data schemas across API revisions', () => {
  it('accepts a message_chunk as the 2024-02 revision sends it', () => {
    expect(parseChunk({ chat_session_id: 's-1', content_chunk: 'Hi', finish_reason: 'stop' })).toEqual({ chatSessionId: 's-1', contentChunk: 'Hi', finishReason: 'stop' })
  })

  it('accepts a message_chunk as the 2024-09 revision may send it, with nulls', () => {
    expect(parseChunk({ chat_session_id: null, content_chunk: '', finish_reason: null })).toEqual({ chatSessionId: null, contentChunk: '', finishReason: null })
  })

  it('accepts citations as the 2024-02 revision sends them: number required, fields not null', () => {
    const record = { type: 'discord_message', url: 'https://x', title: 'T', description: 'D', breadcrumbs: ['a'] }
    const parsed = parse(RecordsCitedSchema, { citations: [{ number: 1, record, hit_url: 'https://x#1' }] })
    expect(parsed.ok && parsed.value).toEqual({ citations: [{ number: 1, record, hitUrl: 'https://x#1' }] })
  })

  it('accepts citations as the 2024-09 revision may send them: no number, null fields, a new record type', () => {
    const record = { type: 'custom_question_answer', url: null, title: null, description: null, breadcrumbs: null }
    const parsed = parse(RecordsCitedSchema, { citations: [{ record, hit_url: null }] })
    expect(parsed.ok && parsed.value).toEqual({ citations: [{ number: undefined, record, hitUrl: null }] })
  })
})

describe('ChatResultSchema', () => {
  interface ResultSpec {
    sessionId: string
    content: string
    citations: CitationSpec[] | null | undefined
    extra: string | undefined
  }
  const resultSpec: fc.Arbitrary<ResultSpec> = fc.record({
    sessionId: lineText(),
    content: anyText(60),
    citations: fc.oneof(fc.constant(undefined), fc.constant(null), fc.array(citationSpec, { maxLength: 3 })),
    extra: fc.option(anyText(), { nil: undefined }),
  })

  it('turns any generated JSON answer into its camelCase ChatResult, dropping unknown keys', () => {
    fc.assert(
      fc.property(resultSpec, (spec) => {
        const wire = {
          chat_session_id: spec.sessionId,
          message: {
            role: 'assistant',
            content: spec.content,
            records_cited: spec.citations && { citations: spec.citations.map(wireOfCitation) },
            x_message_extra: spec.extra,
          },
          x_extra: spec.extra,
        }
        const expected: ChatResult = {
          chatSessionId: spec.sessionId,
          message: { role: 'assistant', content: spec.content, recordsCited: spec.citations && { citations: spec.citations.map(expectedOfCitation) } },
        }
        const parsed = parse(ChatResultSchema, wire)
        expect(parsed.ok).toBe(true)
        expect(parsed.ok && parsed.value).toEqual(expected)
        expect(Object.keys(parsed.ok ? parsed.value : {}).sort()).toEqual(['chatSessionId', 'message'])
      }),
      { numRuns: 300 },
    )
  })

  it.each([
    ['a user message', { chat_session_id: 's', message: { role: 'user', content: 'x' } }],
    ['no chat_session_id', { message: { role: 'assistant', content: 'x' } }],
    ['a null chat_session_id', { chat_session_id: null, message: { role: 'assistant', content: 'x' } }],
    ['no message', { chat_session_id: 's' }],
    ['content that is not a string', { chat_session_id: 's', message: { role: 'assistant', content: 1 } }],
    ['records_cited without citations', { chat_session_id: 's', message: { role: 'assistant', content: 'x', records_cited: {} } }],
  ])('refuses an answer with %s', (_, wire) => {
    expect(parse(ChatResultSchema, wire).ok).toBe(false)
  })

  it('refuses a body that is not JSON', () => {
    expect(parseJsonWith(ChatResultSchema, '{"chat_session_id": "s",').ok).toBe(false)
  })
})

describe('ValidationErrorBodySchema', () => {
  it('keeps loc, msg and type of each detail and drops the other keys', () => {
    const detail = { loc: ['body', 'chat_session', 'messages', 0, 'role'], msg: 'Input should be user', type: 'literal_error' }
    const parsed = parse(ValidationErrorBodySchema, { detail: [{ ...detail, input: 'system', ctx: { expected: 'user' } }], url: 'x' })
    if (!parsed.ok) throw new Error(`expected the body to parse, got ${parsed.error}`)
    expect(parsed.value).toEqual({ detail: [detail] })
    expect(Object.keys(parsed.value.detail[0] ?? {}).sort()).toEqual(['loc', 'msg', 'type'])
  })

  it.each([
    ['detail as a string', { detail: 'Not authenticated' }],
    ['a loc entry that is an object', { detail: [{ loc: [{}], msg: 'm', type: 't' }] }],
    ['no msg', { detail: [{ loc: [], type: 't' }] }],
  ])('refuses %s', (_, body) => {
    expect(parse(ValidationErrorBodySchema, body).ok).toBe(false)
  })
})
