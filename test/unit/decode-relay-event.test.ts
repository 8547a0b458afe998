import { describe, expect, it } from 'vitest'
import { parseChatEvent } from '../../lib/relay/decode-relay-event'

const refusalOf = (event: string, json: unknown): string => {
  const parsed = parseChatEvent({ event, data: JSON.stringify(json), id: undefined })
  if (parsed.ok) throw new Error(`accepted ${JSON.stringify(json)}`)
  expect(parsed.error.type).toBe('invalid_response')
  return parsed.error.message
}

describe('parseChatEvent', () => {
  it.each([
    ['message_chunk', { event: 'message_chunk' }, 'message_chunk event: Invalid type: Expected Object but received undefined'],
    ['message_chunk', { event: 'message_chunk', data: { chatSessionId: 's' } }, 'message_chunk event: contentChunk: Invalid key: Expected "contentChunk" but received undefined'],
    ['message_chunk', { event: 'message_chunk', data: { contentChunk: 1 } }, 'message_chunk event: contentChunk: Invalid type: Expected string but received 1'],
    ['records_cited', { event: 'records_cited', data: { citations: [{ number: 1 }] } }, 'records_cited event: citations.0.record: Invalid key: Expected "record" but received undefined'],
    ['records_cited', { event: 'records_cited', data: { citations: [{ record: { type: 1 } }] } }, 'records_cited event: citations.0.record.type: must be a string'],
    ['chat_result', { event: 'chat_result', data: { chatSessionId: 's', message: { role: 'user', content: '' } } }, 'chat_result event: message.role: Invalid type: Expected "assistant" but received "user"'],
    ['records_considered', { event: 'records_considered', data: { records: [{ type: 'site', url: 'https://a.example' }] } }, 'records_considered event: records.0.title: Invalid key: Expected "title" but received undefined'],
    ['ai_annotations', { event: 'ai_annotations', data: { answerConfidence: 1 } }, 'ai_annotations event: answerConfidence: Invalid type: Expected string but received 1'],
    ['ai_annotations', { event: 'ai_annotations', data: { answerConfidence: 'other', explanation: null } }, 'ai_annotations event: explanation: Invalid type: Expected string but received null'],
    ['tool_call', { event: 'tool_call', data: { id: 'c', name: 'escalate', arguments: {} } }, 'tool_call event: argumentsText: Invalid key: Expected "argumentsText" but received undefined'],
    ['unknown', { event: 'unknown', data: 'x' }, 'unknown event: name: Invalid key: Expected "name" but received undefined'],
    ['records_cited', { event: 'message_chunk', data: { contentChunk: '' } }, 'records_cited event: its "event" field is not "records_cited"'],
  ])('describes a %s event that fails from inside its payload: %j', (event, json, problem) => {
    expect(refusalOf(event, json)).toBe(`Invalid response: ${problem}`)
  })

  it.each([
    ['missing', { event: 'error' }],
    ['not an object', { event: 'error', error: 'boom' }],
    ['of an unknown type', { event: 'error', error: { type: 'teapot', message: 'x' } }],
    ['of a type every object inherits', { event: 'error', error: { type: 'toString', message: 'x' } }],
  ])('names error.type for an error %s, under either SSE name', (_, json) => {
    for (const name of ['chat_error', 'error']) expect(refusalOf(name, json)).toBe(`Invalid response: ${name} event: error.type: must be a ChatError type`)
  })

  it.each([
    [{ type: 'http', message: 'x', body: '' }, 'status: Invalid key: Expected "status" but received undefined'],
    [{ type: 'timeout', message: 'x', phase: 'later', ms: 1 }, 'phase: Invalid type: Expected ("response" | "idle" | "total") but received "later"'],
    [{ type: 'http_validation', message: 'x', status: 422, detail: [{ loc: [true], msg: '', type: '' }] }, 'detail.0.loc.0: Invalid type: Expected (string | number) but received true'],
  ])('describes an error of a known type from inside the error: %j', (error, problem) => {
    expect(refusalOf('chat_error', { event: 'error', error })).toBe(`Invalid response: chat_error event: ${problem}`)
  })

  it('keeps the fields Inkeep added to a considered record or to annotations, and no others', () => {
    const record = { type: 'site', url: 'https://a.example', title: 'A', score: 0.5, tags: ['x'] }
    const considered = parseChatEvent({ event: 'records_considered', data: JSON.stringify({ event: 'records_considered', extra: 1, data: { records: [record], extra: 2 } }), id: undefined })
    expect(considered).toStrictEqual({ ok: true, value: { event: 'records_considered', data: { records: [record] } } })
    const annotations = { answerConfidence: 'not_confident', explanation: 'No source says so.', escalate: true }
    const annotated = parseChatEvent({ event: 'ai_annotations', data: JSON.stringify({ event: 'ai_annotations', data: annotations }), id: undefined })
    expect(annotated).toStrictEqual({ ok: true, value: { event: 'ai_annotations', data: annotations } })
  })

  it('gives a tool call written without arguments (text that was not JSON) its arguments key back, undefined', () => {
    const data = { id: 'call-1', name: 'escalate', argumentsText: '{"reason": ' }
    const parsed = parseChatEvent({ event: 'tool_call', data: JSON.stringify({ event: 'tool_call', data }), id: undefined })
    expect(parsed).toStrictEqual({ ok: true, value: { event: 'tool_call', data: { ...data, arguments: undefined } } })
    const withNull = parseChatEvent({ event: 'tool_call', data: JSON.stringify({ event: 'tool_call', data: { ...data, arguments: null, argumentsText: 'null' } }), id: undefined })
    expect(withNull).toStrictEqual({ ok: true, value: { event: 'tool_call', data: { ...data, arguments: null, argumentsText: 'null' } } })
  })

  it('gives each event only the keys its schema reads, the error type first', () => {
    const parsed = parseChatEvent({ event: 'chat_error', data: JSON.stringify({ event: 'error', extra: 1, error: { message: 'x', type: 'network', extra: 2 } }), id: undefined })
    expect(parsed).toStrictEqual({ ok: true, value: { event: 'error', error: { type: 'network', message: 'x' } } })
    expect(parsed.ok && Object.keys((parsed.value as { error: object }).error)).toEqual(['type', 'message'])
  })
})
