import { describe, expect, it } from 'vitest'
import { collectChatResult, type AIAnnotations, type ChatEvent, type Citation, type ConsideredRecord, type ToolCall } from '../../lib/index'
import { networkError } from '../../lib/errors'

const EMPTY = { content: '', citations: [] }

async function* eventsOf(...events: ChatEvent[]): AsyncGenerator<ChatEvent> {
  yield* events
}

const citation: Citation = { number: 1, record: { type: 'site', url: 'https://example.com' } }
const chunk = (contentChunk: string, chatSessionId: string | null = 'session-1'): ChatEvent => ({
  event: 'message_chunk',
  data: { chatSessionId, contentChunk },
})

/** A v1 chunk: the stateless API names no session. */
const v1Chunk = (contentChunk: string): ChatEvent => ({ event: 'message_chunk', data: { contentChunk } })
const record = (url: string): ConsideredRecord => ({ type: 'documentation', url, title: url, score: 0.9 })
const toolCall = (id: string, argumentsText: string): ToolCall => ({ id, name: 'escalate', arguments: undefined, argumentsText })
const annotations = (answerConfidence: string): AIAnnotations => ({ answerConfidence, explanation: 'from the docs', extra: { kept: true } })

describe('collectChatResult', () => {
  it('joins the chunks and citations of a stream into one result', async () => {
    const result = await collectChatResult(
      eventsOf(chunk('Hello, '), chunk('world', null), { event: 'unknown', name: 'ping', data: '' }, { event: 'records_cited', data: { citations: [citation] } }),
    )
    expect(result).toEqual({
      ok: true,
      value: { chatSessionId: 'session-1', message: { role: 'assistant', content: 'Hello, world', recordsCited: { citations: [citation] } } },
    })
  })

  it('returns a chat_result as it is', async () => {
    const data = { chatSessionId: 'session-2', message: { role: 'assistant' as const, content: 'Whole answer' } }
    expect(await collectChatResult(eventsOf({ event: 'chat_result', data }))).toEqual({ ok: true, value: data })
  })

  it('keeps everything received before an error', async () => {
    const error = networkError('connection lost')
    const result = await collectChatResult(
      eventsOf(chunk('Partial '), { event: 'records_cited', data: { citations: [citation] } }, chunk('answer'), { event: 'error', error }),
    )
    expect(result).toEqual({ ok: false, error, partial: { chatSessionId: 'session-1', content: 'Partial answer', citations: [citation] } })
  })

  it('returns an answer that never named a chat session, as a v1 answer, without the key', async () => {
    const result = await collectChatResult(eventsOf(v1Chunk('Stateless '), v1Chunk('answer')))
    expect(result).toStrictEqual({ ok: true, value: { message: { role: 'assistant', content: 'Stateless answer', recordsCited: { citations: [] } } } })
  })

  it('gathers the v1 events: the records considered joined, the last annotations, every tool call in order', async () => {
    const calls = [toolCall('call-1', '{"reason":"billing"}'), toolCall('call-2', 'not JSON')]
    const result = await collectChatResult(
      eventsOf(
        { event: 'records_considered', data: { records: [record('https://a.example')] } },
        { event: 'records_considered', data: { records: [record('https://b.example')] } },
        v1Chunk('The answer.'),
        { event: 'ai_annotations', data: annotations('somewhat_confident') },
        { event: 'records_cited', data: { citations: [citation] } },
        { event: 'tool_call', data: calls[0]! },
        { event: 'ai_annotations', data: annotations('very_confident') },
        { event: 'tool_call', data: calls[1]! },
      ),
    )
    expect(result).toStrictEqual({
      ok: true,
      value: {
        message: { role: 'assistant', content: 'The answer.', recordsCited: { citations: [citation] } },
        recordsConsidered: [record('https://a.example'), record('https://b.example')],
        aiAnnotations: annotations('very_confident'),
        toolCalls: calls,
      },
    })
  })

  it('adds what v1 tool calls gave to a chat_result, and keeps a v0 answer’s session id', async () => {
    const data = { chatSessionId: 'session-3', message: { role: 'assistant' as const, content: 'Whole answer' } }
    const result = await collectChatResult(eventsOf({ event: 'ai_annotations', data: annotations('other') }, { event: 'chat_result', data }))
    expect(result).toStrictEqual({ ok: true, value: { ...data, aiAnnotations: annotations('other') } })
  })

  it('keeps the v1 events received before an error, and leaves out the keys of those that never came', async () => {
    const error = networkError('connection lost')
    const before = await collectChatResult(eventsOf(v1Chunk('Half'), { event: 'error', error }))
    expect(before).toStrictEqual({ ok: false, error, partial: { content: 'Half', citations: [] } })
    const after = await collectChatResult(
      eventsOf({ event: 'records_considered', data: { records: [record('https://a.example')] } }, v1Chunk('Half'), { event: 'tool_call', data: toolCall('c', '{}') }, { event: 'error', error }),
    )
    expect(after).toStrictEqual({
      ok: false,
      error,
      partial: { content: 'Half', citations: [], recordsConsidered: [record('https://a.example')], toolCalls: [toolCall('c', '{}')] },
    })
  })

  it('gives an empty answer for events that hold none, now that an answer need not name a session', async () => {
    expect(await collectChatResult([])).toStrictEqual({ ok: true, value: { message: { role: 'assistant', content: '', recordsCited: { citations: [] } } } })
  })

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a plain object', {}],
    ['a number', 42],
    ['a string, which iterates characters rather than events', 'message_chunk'],
    ['a promise of events', Promise.resolve([])],
  ])('resolves to invalid_input for %s instead of throwing', async (_, events) => {
    const result = await collectChatResult(events as never)
    expect(result).toEqual({
      ok: false,
      error: {
        type: 'invalid_input',
        message: 'Invalid input: events must be an async iterable of chat events, such as what createChatSession returns',
        issues: [{ path: 'events', message: 'must be an async iterable of chat events, such as what createChatSession returns' }],
      },
      partial: EMPTY,
    })
  })

  it('accepts a sync iterable of events, such as an array', async () => {
    const result = await collectChatResult([chunk('Hello'), { event: 'records_cited', data: { citations: [citation] } }])
    expect(result).toEqual({
      ok: true,
      value: { chatSessionId: 'session-1', message: { role: 'assistant', content: 'Hello', recordsCited: { citations: [citation] } } },
    })
  })

  it('ends with network when the events throw before the first one', async () => {
    async function* failing(): AsyncGenerator<ChatEvent> {
      throw new Error('replay file missing')
    }
    expect(await collectChatResult(failing())).toEqual({
      ok: false,
      error: { type: 'network', message: 'The events threw before the first one: replay file missing' },
      partial: EMPTY,
    })
  })

  it('ends with stream_interrupted and keeps the partial answer when the events throw after some', async () => {
    async function* failing(): AsyncGenerator<ChatEvent> {
      yield chunk('Half ')
      yield { event: 'unknown', name: 'ping', data: '' }
      throw new Error('socket closed')
    }
    expect(await collectChatResult(failing())).toEqual({
      ok: false,
      error: { type: 'stream_interrupted', eventsReceived: 2, message: 'The stream broke after 2 events: the events threw: socket closed' },
      partial: { chatSessionId: 'session-1', content: 'Half ', citations: [] },
    })
  })

  it('does not throw when a sync iterable throws, nor when an iterator’s next() is not a function', async () => {
    const throwing: Iterable<ChatEvent> = {
      [Symbol.iterator]: () => ({ next: () => { throw new Error('bad source') } }),
    }
    expect(await collectChatResult(throwing)).toMatchObject({ ok: false, error: { type: 'network', message: 'The events threw before the first one: bad source' } })
    const broken = { [Symbol.asyncIterator]: () => ({}) } as unknown as AsyncIterable<ChatEvent>
    expect(await collectChatResult(broken)).toMatchObject({ ok: false, error: { type: 'network' }, partial: EMPTY })
  })

  it('resolves to invalid_input for events whose iterator cannot even be looked up', async () => {
    const guarded = new Proxy({}, { get: () => { throw new Error('no iterator for you') } })
    expect(await collectChatResult(guarded as AsyncIterable<ChatEvent>)).toMatchObject({ ok: false, error: { type: 'invalid_input' }, partial: EMPTY })
  })

  it('resolves, never rejects, when the events throw a value whose message getter throws', async () => {
    async function* failing(): AsyncGenerator<ChatEvent> {
      yield chunk('Half ')
      throw { name: 'ReplayError', get message(): string { throw new Error('unreadable') } }
    }
    expect(await collectChatResult(failing())).toEqual({
      ok: false,
      error: { type: 'stream_interrupted', eventsReceived: 1, message: 'The stream broke after 1 event: the events threw: ReplayError' },
      partial: { chatSessionId: 'session-1', content: 'Half ', citations: [] },
    })
  })

  it('skips a null among the events, as it skips an unknown event', async () => {
    const result = await collectChatResult([chunk('A'), null as unknown as ChatEvent, chunk('B')])
    expect(result.ok && result.value.message.content).toBe('AB')
  })
})
