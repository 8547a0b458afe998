import { describe, expect, it } from 'vitest'
import { chatFromUIMessages, type ChatFromUIMessagesOptions, type UIMessageLike } from '../../../lib/ai-sdk/index'
import { createMockInkeep } from '../../../lib/testing/index'
import { drain, lastError } from '../../helpers/drain'
import { TEST_KEY } from '../../helpers/client'

const user = (text: string, extra: Partial<UIMessageLike> = {}): UIMessageLike => ({ id: 'u', role: 'user', parts: [{ type: 'text', text }], ...extra })
const assistant = (metadata?: unknown): UIMessageLike => ({ id: 'a', role: 'assistant', parts: [{ type: 'text', text: 'An answer.' }], metadata })

/** Runs chatFromUIMessages against an in-memory mock; returns its events and the request bodies the mock saw. */
async function run(messages: unknown, mock = createMockInkeep(), options: ChatFromUIMessagesOptions = {}) {
  const events = await drain(chatFromUIMessages({ apiKey: TEST_KEY, fetch: mock.fetch, retry: false }, { integrationId: 'i-1', messages: messages as UIMessageLike[] }, options))
  return { events, requests: mock.requests.map(({ path, body }) => ({ path, body })) }
}

describe('chatFromUIMessages', () => {
  it('creates a chat session with the last user message when no assistant message names one', async () => {
    const { events, requests } = await run([user('Old question'), assistant(), user('How do I start?')])
    expect(requests).toEqual([
      { path: '/v0/chat_sessions/chat_results', body: { integration_id: 'i-1', chat_session: { messages: [{ role: 'user', content: 'How do I start?' }] }, stream: true } },
    ])
    expect(events.at(-1)).toMatchObject({ event: 'records_cited' })
  })

  it("continues the session of the latest assistant message that carries one, joining the question's text parts", async () => {
    const mock = createMockInkeep()
    await drain(chatFromUIMessages({ apiKey: TEST_KEY, fetch: mock.fetch }, { integrationId: 'i-1', messages: [user('First')] }))
    const question = user('', { parts: [{ type: 'text', text: 'Part one.' }, { type: 'file' }, { type: 'text', text: 'Part two.' }] })
    const { requests } = await run([user('First'), assistant({ chatSessionId: 'mock-session-1' }), user('Again'), assistant(null), question], mock, { trustClientSessionId: true })
    expect(requests.at(-1)).toEqual({
      path: '/v0/chat_sessions/mock-session-1/chat_results',
      body: { integration_id: 'i-1', message: { role: 'user', content: 'Part one.\nPart two.' }, stream: true },
    })
  })

  it.each([
    ['no messages', [], 'input.messages'],
    ['only an assistant message', [assistant({ chatSessionId: 's' })], 'input.messages'],
    ['a last user message without text', [user('Hi'), assistant(), user('  ')], 'input.messages.2.parts'],
    ['messages that are not an array', 'hello', 'input.messages'],
    ['a message without parts', [{ id: 'u', role: 'user' }], 'input.messages.0.parts'],
  ])('gives one invalid_input error event and sends nothing for %s', async (_, messages, path) => {
    const { events, requests } = await run(messages)
    expect(events).toHaveLength(1)
    expect(lastError(events)).toMatchObject({ type: 'invalid_input', issues: [expect.objectContaining({ path })] })
    expect(requests).toEqual([])
  })

  it('sends nothing before the first next()', async () => {
    const mock = createMockInkeep()
    const events = chatFromUIMessages({ apiKey: TEST_KEY, fetch: mock.fetch }, { integrationId: 'i-1', messages: [user('Hi')] })
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(mock.requests).toEqual([])
    await events.return()
  })

  it('passes an invalid integration id on to the session call, which refuses it without sending', async () => {
    const mock = createMockInkeep()
    const events = await drain(chatFromUIMessages({ apiKey: TEST_KEY, fetch: mock.fetch }, { integrationId: '', messages: [user('Hi')] }))
    expect(lastError(events)).toMatchObject({ type: 'invalid_input', issues: [expect.objectContaining({ path: 'input.integrationId' })] })
    expect(mock.requests).toEqual([])
  })
})
