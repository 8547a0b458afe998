import { describe, expect, it } from 'vitest'
import { createUIMessagePartMapper } from '../../../lib/ai-sdk/ui-message-parts'
import type { ChatEvent, Citation, ConsideredRecord, ToolCall } from '../../../lib/index'

const chunk = (contentChunk: string, extra: { chatSessionId?: string; finishReason?: string } = {}): ChatEvent => ({
  event: 'message_chunk',
  data: { contentChunk, ...extra },
})

const CITATIONS: Citation[] = [
  { number: 3, record: { type: 'documentation', url: 'https://docs.example.com/a', title: 'A' } },
  { record: { type: 'site', title: 'B' }, hitUrl: 'https://example.com/b#hit' },
  { record: { type: 'custom_question_answer', title: 'How billing works' } },
  { record: { type: 'discord_message', title: null } },
  { number: 7, record: { type: 'site', url: 'https://example.com/c' } },
]

/** Maps `events`, then the end of the answer, into one list of parts. */
function mapAll(events: ChatEvent[], messageId?: string) {
  const mapper = createUIMessagePartMapper({ messageId })
  return [...events.flatMap((item) => mapper.map(item)), ...mapper.end()]
}

describe('createUIMessagePartMapper', () => {
  it('starts the answer once, with the message id when one is given', () => {
    expect(mapAll([], 'message-1')).toEqual([{ type: 'start', messageId: 'message-1' }, { type: 'finish' }])
    expect(mapAll([])).toEqual([{ type: 'start' }, { type: 'finish' }])
  })

  it('sends the text between one text-start and one text-end, skipping empty chunks, and the session id once', () => {
    const parts = mapAll([
      chunk('', { chatSessionId: 'session-1' }),
      chunk('Hello', { chatSessionId: 'session-1' }),
      chunk(', world', { chatSessionId: 'session-2' }),
      chunk('', { finishReason: 'stop' }),
    ])
    expect(parts).toEqual([
      { type: 'start' },
      { type: 'message-metadata', messageMetadata: { chatSessionId: 'session-1' } },
      { type: 'text-start', id: 'text-1' },
      { type: 'text-delta', id: 'text-1', delta: 'Hello' },
      { type: 'text-delta', id: 'text-1', delta: ', world' },
      { type: 'text-end', id: 'text-1' },
      { type: 'finish', finishReason: 'stop' },
    ])
  })

  it('sends each citation as source-url when it has a URL (record.url, else hitUrl), else as source-document', () => {
    const parts = mapAll([{ event: 'records_cited', data: { citations: CITATIONS } }])
    expect(parts.slice(1, -1)).toEqual([
      { type: 'source-url', sourceId: '3', url: 'https://docs.example.com/a', title: 'A' },
      { type: 'source-url', sourceId: '2', url: 'https://example.com/b#hit', title: 'B' },
      { type: 'source-document', sourceId: '3-2', mediaType: 'text/plain', title: 'How billing works' },
      { type: 'source-document', sourceId: '4', mediaType: 'text/plain', title: 'discord_message' },
      { type: 'source-url', sourceId: '7', url: 'https://example.com/c' },
    ])
  })

  it('numbers unnumbered citations by their position in the whole answer', () => {
    const unnumbered: Citation = { record: { type: 'site', url: 'https://example.com' } }
    const cited: ChatEvent = { event: 'records_cited', data: { citations: [unnumbered, unnumbered] } }
    const ids = mapAll([cited, cited]).flatMap((part) => (part.type === 'source-url' ? [part.sourceId] : []))
    expect(ids).toEqual(['1', '2', '3', '4'])
  })

  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['content_filter', 'content-filter'],
    ['tool_calls', 'tool-calls'],
    ['something new', 'other'],
  ])('spells the finish reason %s as %s', (reason, expected) => {
    expect(mapAll([chunk('x', { finishReason: reason })]).at(-1)).toEqual({ type: 'finish', finishReason: expected })
  })

  it('sends a chat_result as the same parts at once, finishing with stop', () => {
    const parts = mapAll([
      { event: 'chat_result', data: { chatSessionId: 'session-1', message: { role: 'assistant', content: 'The answer.', recordsCited: { citations: CITATIONS.slice(0, 1) } } } },
    ])
    expect(parts).toEqual([
      { type: 'start' },
      { type: 'message-metadata', messageMetadata: { chatSessionId: 'session-1' } },
      { type: 'text-start', id: 'text-1' },
      { type: 'text-delta', id: 'text-1', delta: 'The answer.' },
      { type: 'text-end', id: 'text-1' },
      { type: 'source-url', sourceId: '3', url: 'https://docs.example.com/a', title: 'A' },
      { type: 'finish', finishReason: 'stop' },
    ])
  })

  it('sends a v1 answer, which names no session, without a session id in its metadata', () => {
    expect(mapAll([chunk('Hi'), chunk('', { finishReason: 'stop' })]).map((part) => part.type)).toEqual(['start', 'text-start', 'text-delta', 'text-end', 'finish'])
  })

  it('puts the annotations into the message metadata, beside the session id', () => {
    const annotations = { answerConfidence: 'not_confident', explanation: 'Nothing cites this.', escalate: true }
    const parts = mapAll([chunk('Hi', { chatSessionId: 'session-1' }), { event: 'ai_annotations', data: annotations }])
    expect(parts.filter((part) => part.type === 'message-metadata')).toEqual([
      { type: 'message-metadata', messageMetadata: { chatSessionId: 'session-1' } },
      { type: 'message-metadata', messageMetadata: { aiAnnotations: annotations } },
    ])
  })

  it('sends every record considered in one data part, resent whole under the same id as more arrive', () => {
    const record = (url: string): ConsideredRecord => ({ type: 'documentation', url, title: url })
    const parts = mapAll([
      { event: 'records_considered', data: { records: [record('https://a.example')] } },
      chunk('Hi'),
      { event: 'records_considered', data: { records: [record('https://b.example'), record('https://c.example')] } },
    ])
    expect(parts.filter((part) => part.type === 'data-records-considered')).toEqual([
      { type: 'data-records-considered', id: 'records-considered', data: { records: [record('https://a.example')] } },
      { type: 'data-records-considered', id: 'records-considered', data: { records: [record('https://a.example'), record('https://b.example'), record('https://c.example')] } },
    ])
  })

  it('sends each tool call as a data part whose id is the call’s, made unique when the server repeats it or leaves it empty', () => {
    const call = (id: string): ToolCall => ({ id, name: 'escalate', arguments: { reason: id }, argumentsText: JSON.stringify({ reason: id }) })
    const calls = [call('call-1'), call('call-2'), call('call-1'), call(''), call('')]
    const parts = mapAll(calls.map((data): ChatEvent => ({ event: 'tool_call', data })))
    expect(parts.slice(1, -1)).toEqual([
      { type: 'data-tool-call', id: 'call-1', data: calls[0] },
      { type: 'data-tool-call', id: 'call-2', data: calls[1] },
      { type: 'data-tool-call', id: 'call-1-2', data: calls[2] },
      { type: 'data-tool-call', id: 'tool-call', data: calls[3] },
      { type: 'data-tool-call', id: 'tool-call-2', data: calls[4] },
    ])
  })

  it('drops unknown events', () => {
    expect(mapAll([{ event: 'unknown', name: 'ping', data: '{}' }, chunk('x')]).map((part) => part.type)).toEqual([
      'start', 'text-start', 'text-delta', 'text-end', 'finish',
    ])
  })

  it('ends an answer with an error event with the text onError gives, closing the text, and sends no finish', () => {
    const mapper = createUIMessagePartMapper({ onError: (error) => error.message })
    mapper.map(chunk('Partial'))
    const parts = mapper.map({ event: 'error', error: { type: 'timeout', phase: 'idle', ms: 5, message: 'No response bytes for 5 ms' } })
    expect(parts).toEqual([
      { type: 'text-end', id: 'text-1' },
      { type: 'error', errorText: 'No response bytes for 5 ms' },
    ])
  })

  it('starts the answer before an error that comes first', () => {
    const parts = createUIMessagePartMapper({ onError: (error) => error.message }).map({ event: 'error', error: { type: 'aborted', message: 'The request was aborted by the caller' } })
    expect(parts).toEqual([{ type: 'start' }, { type: 'error', errorText: 'The request was aborted by the caller' }])
  })

  it('fails an answer whose events could not be read with the given text', () => {
    const mapper = createUIMessagePartMapper()
    mapper.map(chunk('Partial'))
    expect(mapper.fail('The answer could not be read')).toEqual([
      { type: 'text-end', id: 'text-1' },
      { type: 'error', errorText: 'The answer could not be read' },
    ])
  })
})
