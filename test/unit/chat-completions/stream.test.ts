import { describe, expect, it } from 'vitest'
import { createChatCompletion, type ChatConfig, type ChatEvent } from '../../../lib/index'
import { chunk, completionInput, DONE, sseOf, toolFragments, toolMore, toolStart } from '../../fixtures/completion-chunks'
import { encode, fetchReturning, splitAt } from '../../fixtures/sse'
import { TEST_KEY } from '../../helpers/client'
import { drain, lastError } from '../../helpers/drain'

/** Every event of a v1 call (no retries) whose response body is `text`, cut at `cuts` when given. */
async function eventsOf(text: string, cuts: number[] = [], config: Partial<ChatConfig> = {}): Promise<ChatEvent[]> {
  const { fetch } = fetchReturning(() => splitAt(encode(text), cuts))
  return drain(createChatCompletion({ apiKey: TEST_KEY, fetch, retry: false, ...config }, completionInput()))
}

const LINKS = { links: [{ label: '1', url: 'https://docs.example.com/start', title: 'Start', description: null, type: 'documentation', breadcrumbs: ['Docs'] }, { url: 'https://example.com/blog' }] }
const CONSIDERED = { recordsConsidered: [{ type: 'site', url: 'https://example.com/a', title: 'A', breadcrumbs: null, score: 0.9 }] }
const ANNOTATIONS = { aiAnnotations: { answerConfidence: 'very_confident', explanation: 'Cited twice', escalate: false } }

const fullAnswer = (): string[] => [
  chunk({ role: 'assistant', content: '' }),
  ...toolFragments(0, 'call_rc', 'provideRecordsConsidered', CONSIDERED).map((delta) => chunk(delta)),
  chunk({ content: 'Install the ' }),
  chunk({ content: 'package [1].' }),
  ...toolFragments(1, 'call_links', 'provideLinks', LINKS, 5).map((delta) => chunk(delta)),
  ...toolFragments(2, 'call_ann', 'provideAIAnnotations', ANNOTATIONS).map((delta) => chunk(delta)),
  chunk({}, 'stop'),
  DONE,
]

describe('createChatCompletion over a stream', () => {
  it('yields records considered before the text, then the text, links, annotations and the finish reason', async () => {
    const events = await eventsOf(sseOf(fullAnswer()))
    expect(events).toEqual([
      { event: 'records_considered', data: { records: CONSIDERED.recordsConsidered } },
      { event: 'message_chunk', data: { contentChunk: 'Install the ' } },
      { event: 'message_chunk', data: { contentChunk: 'package [1].' } },
      {
        event: 'records_cited',
        data: {
          citations: [
            { number: 1, record: { type: 'documentation', url: 'https://docs.example.com/start', title: 'Start', description: null, breadcrumbs: ['Docs'] } },
            { record: { type: 'site', url: 'https://example.com/blog' } },
          ],
        },
      },
      { event: 'ai_annotations', data: ANNOTATIONS.aiAnnotations },
      { event: 'message_chunk', data: { contentChunk: '', finishReason: 'stop' } },
    ])
  })

  it('gives the same events however the body is cut', async () => {
    const text = sseOf(fullAnswer())
    const whole = await eventsOf(text)
    for (const cuts of [[1], [7, 8, 9], Array.from({ length: 60 }, (_, at) => at * 13 + 5)]) {
      expect(await eventsOf(text, cuts.filter((cut) => cut < text.length))).toEqual(whole)
    }
  })

  it('completes a tool call when the next one starts, when content starts, at the finish reason, or at [DONE]', async () => {
    const nextCall = await eventsOf(sseOf([chunk(toolStart(0, 'a', 'lookup', '{"q":')), chunk(toolMore(0, '1}')), chunk(toolStart(1, 'b', 'lookup', '{}')), chunk({ content: 'x' }), chunk({}, 'stop')]))
    expect(nextCall.map((event) => event.event)).toEqual(['tool_call', 'tool_call', 'message_chunk', 'message_chunk'])
    expect(nextCall[0]).toEqual({ event: 'tool_call', data: { id: 'a', name: 'lookup', arguments: { q: 1 }, argumentsText: '{"q":1}' } })

    const atDone = await eventsOf(sseOf([chunk({ content: 'x' }), chunk(toolStart(0, 'a', 'lookup', '{}')), DONE]))
    expect(atDone.map((event) => event.event)).toEqual(['message_chunk', 'tool_call'])

    const atFinish = await eventsOf(sseOf([chunk(toolStart(0, 'a', 'lookup', '{}')), chunk({}, 'tool_calls')]))
    expect(atFinish).toEqual([
      { event: 'tool_call', data: { id: 'a', name: 'lookup', arguments: {}, argumentsText: '{}' } },
      { event: 'message_chunk', data: { contentChunk: '', finishReason: 'tool_calls' } },
    ])
  })

  it('gives a built-in tool whose arguments do not parse or validate as a tool_call, and goes on', async () => {
    const events = await eventsOf(
      sseOf([
        chunk(toolStart(0, 'l', 'provideLinks', '{"links": [')),
        chunk(toolStart(1, 'a', 'provideAIAnnotations', '{"aiAnnotations": {"answerConfidence": 3}}')),
        chunk({ content: 'still here' }),
        chunk({}, 'stop'),
        DONE,
      ]),
    )
    expect(events).toEqual([
      { event: 'tool_call', data: { id: 'l', name: 'provideLinks', arguments: undefined, argumentsText: '{"links": [' } },
      { event: 'tool_call', data: { id: 'a', name: 'provideAIAnnotations', arguments: { aiAnnotations: { answerConfidence: 3 } }, argumentsText: '{"aiAnnotations": {"answerConfidence": 3}}' } },
      { event: 'message_chunk', data: { contentChunk: 'still here' } },
      { event: 'message_chunk', data: { contentChunk: '', finishReason: 'stop' } },
    ])
  })

  it('reads links that are null as no citations, and only whole-number labels as numbers', async () => {
    const none = await eventsOf(sseOf([chunk(toolStart(0, 'l', 'provideLinks', '{"links":null}')), chunk({}, 'stop')]))
    expect(none[0]).toEqual({ event: 'records_cited', data: { citations: [] } })
    const labels = { links: [{ label: ' 2 ', url: 'u2' }, { label: 'a', url: 'ua' }, { label: 3, url: 'u3' }, { label: '1.5', url: 'u15' }] }
    const numbered = await eventsOf(sseOf([chunk(toolStart(0, 'l', 'provideLinks', JSON.stringify(labels))), chunk({}, 'stop')]))
    expect(numbered[0]!.event === 'records_cited' && numbered[0]!.data.citations.map((citation) => citation.number)).toEqual([2, undefined, 3, undefined])
  })

  it('ends complete after a finish reason without [DONE], and keeps a usage chunk out of the events', async () => {
    const usage = JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [], usage: { total_tokens: 3 } })
    const events = await eventsOf(sseOf([chunk({ content: 'Hi' }), chunk({}, 'stop'), usage]))
    expect(events).toEqual([
      { event: 'message_chunk', data: { contentChunk: 'Hi' } },
      { event: 'message_chunk', data: { contentChunk: '', finishReason: 'stop' } },
    ])
  })

  it('is stream_interrupted when the body ends before a finish reason or [DONE], and network before any event', async () => {
    const cut = await eventsOf(sseOf([chunk({ content: 'Hi' }), chunk(toolStart(0, 'l', 'provideLinks', '{"li'))]))
    expect(cut.slice(0, -1)).toEqual([{ event: 'message_chunk', data: { contentChunk: 'Hi' } }])
    expect(lastError(cut)).toMatchObject({ type: 'stream_interrupted', eventsReceived: 1 })

    const nothing = await eventsOf(sseOf([chunk({ role: 'assistant', content: '' })]))
    expect(nothing).toHaveLength(1)
    expect(lastError(nothing)).toMatchObject({ type: 'network', message: expect.stringContaining('no finish_reason and no [DONE]') })

    // A last message without its blank line was cut: it is discarded, as the SSE spec says.
    const unterminated = await eventsOf(`${sseOf([chunk({ content: 'Hi' })])}data: ${chunk({}, 'stop')}`)
    expect(lastError(unterminated)).toMatchObject({ type: 'stream_interrupted', eventsReceived: 1 })
  })

  it('ends with one error after the events before a streamed error message, the key removed', async () => {
    const events = await eventsOf(sseOf([chunk({ content: 'Hi' }), JSON.stringify({ error: { message: `upstream failed for ${TEST_KEY}`, type: 'server_error' } }), chunk({ content: 'never' })]))
    expect(events.slice(0, -1)).toEqual([{ event: 'message_chunk', data: { contentChunk: 'Hi' } }])
    const error = lastError(events)
    expect(error).toMatchObject({ type: 'stream_interrupted', eventsReceived: 1 })
    expect(error.message).toContain('upstream failed for [redacted]')
    expect(JSON.stringify(events)).not.toContain(TEST_KEY)
  })

  it("quotes at most 200 characters of a streamed error's message", async () => {
    const events = await eventsOf(sseOf([chunk({ content: 'Hi' }), JSON.stringify({ error: { message: 'y'.repeat(10_000) } })]))
    expect(lastError(events).message).toBe(`The stream broke after 1 event: the server sent an error instead of the rest of the answer: ${'y'.repeat(199)}…`)
  })

  it('refuses a chunk that is not JSON or not a chunk, saying where', async () => {
    const notJson = await eventsOf(sseOf([chunk({ content: 'Hi' }), '{"choices": [', DONE]))
    expect(lastError(notJson)).toMatchObject({ type: 'invalid_response', message: expect.stringContaining('Invalid JSON'), raw: '{"choices": [' })
    const wrong = await eventsOf(sseOf([chunk({ content: 'Hi' }), JSON.stringify({ choices: [{ delta: { content: 5 } }] }), DONE]))
    expect(lastError(wrong)).toMatchObject({ type: 'invalid_response', message: 'Invalid response: chat completion chunk: choices.0.delta.content: must be a string' })
  })

  it('reads nothing after [DONE]', async () => {
    const events = await eventsOf(`${sseOf([chunk({ content: 'Hi' }), chunk({}, 'stop'), DONE])}data: not json\n\n`)
    expect(events.map((event) => event.event)).toEqual(['message_chunk', 'message_chunk'])
  })
})
