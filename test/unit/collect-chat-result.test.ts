import { describe, expect, it } from 'vitest'
import { collectChatResult, type ChatEvent, type Citation } from '../../lib/index'
import { networkError } from '../../lib/errors'

async function* eventsOf(...events: ChatEvent[]): AsyncGenerator<ChatEvent> {
  yield* events
}

const citation: Citation = { number: 1, record: { type: 'site', url: 'https://example.com' } }
const chunk = (contentChunk: string, chatSessionId: string | null = 'session-1'): ChatEvent => ({
  event: 'message_chunk',
  data: { chatSessionId, contentChunk },
})

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

  it('fails with invalid_response when a stream never named its chat session', async () => {
    const result = await collectChatResult(eventsOf(chunk('orphan', null)))
    expect(result.ok).toBe(false)
    expect(!result.ok && result.error.type).toBe('invalid_response')
    expect(!result.ok && result.partial.content).toBe('orphan')
  })
})
