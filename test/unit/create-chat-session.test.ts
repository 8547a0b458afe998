import { describe, expect, it } from 'vitest'
import { continueChatSession, createChatSession, type ChatConfig } from '../../lib/index'
import { createMockInkeep } from '../../lib/testing/index'
import { drain, lastError } from '../helpers/drain'

const KEY = 'sk-unit-0123456789'
const validInput = { integrationId: 'integration-1', chatSession: { messages: [{ role: 'user' as const, content: 'Hi' }] } }

/** Runs a create call against the in-memory mock; returns the events and how many requests were sent. */
async function runCreate(input: unknown, config: Partial<ChatConfig> = {}) {
  const mock = createMockInkeep()
  const events = await drain(createChatSession({ apiKey: KEY, fetch: mock.fetch, ...config }, input as never))
  return { events, sent: mock.requests.length }
}

describe('createChatSession input validation', () => {
  it.each([
    ['no integrationId', { ...validInput, integrationId: undefined }, 'input.integrationId'],
    ['an empty integrationId', { ...validInput, integrationId: '' }, 'input.integrationId'],
    ['no messages', { ...validInput, chatSession: { messages: [] } }, 'input.chatSession.messages'],
    ['no chatSession', { integrationId: 'integration-1' }, 'input.chatSession'],
    ['a wrong role', { ...validInput, chatSession: { messages: [{ role: 'system', content: 'x' }] } }, 'input.chatSession.messages.0.role'],
    ['a message without content', { ...validInput, chatSession: { messages: [{ role: 'user' }] } }, 'input.chatSession.messages.0.content'],
    ['a non-boolean stream flag', { ...validInput, stream: 'yes' }, 'input.stream'],
    ['tags that are not strings', { ...validInput, chatSession: { ...validInput.chatSession, tags: [1] } }, 'input.chatSession.tags.0'],
  ])('gives invalid_input for %s and sends nothing', async (_, input, path) => {
    const { events, sent } = await runCreate(input)
    expect(events).toHaveLength(1)
    const error = lastError(events)
    expect(error.type).toBe('invalid_input')
    expect(error.type === 'invalid_input' && error.issues.map((issue) => issue.path)).toContain(path)
    expect(sent).toBe(0)
  })

  it.each([
    ['a missing key', { apiKey: '' }],
    ['a key with a line feed', { apiKey: `${KEY}\n` }],
    ['a baseURL that is not http(s)', { baseURL: 'file:///etc/passwd' }],
    ['plain http to another host', { baseURL: 'http://example.com' }],
  ])('gives invalid_input for %s and sends nothing', async (_, config) => {
    const { events, sent } = await runCreate(validInput, config)
    expect(lastError(events).type).toBe('invalid_input')
    expect(sent).toBe(0)
  })

  it('reports config and input problems together', async () => {
    const { events } = await runCreate({ ...validInput, integrationId: '' }, { timeoutMs: -1 })
    const error = lastError(events)
    expect(error.type === 'invalid_input' && error.issues.map((issue) => issue.path)).toEqual(['config.timeoutMs', 'input.integrationId'])
  })

  it('never puts the key in an invalid_input error, even when the key itself is the problem', async () => {
    const badKey = `${KEY}\r\n`
    const { events } = await runCreate(validInput, { apiKey: badKey })
    const error = lastError(events)
    expect(JSON.stringify(error)).not.toContain(KEY)
    expect(error.message).toContain('config.apiKey')
  })

  it('does nothing before the first next()', async () => {
    const mock = createMockInkeep()
    let keyCalls = 0
    const events = createChatSession({ apiKey: () => (keyCalls++, KEY), fetch: mock.fetch }, validInput)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(keyCalls).toBe(0)
    expect(mock.requests).toHaveLength(0)
    await drain(events)
    expect(keyCalls).toBe(1)
    expect(mock.requests).toHaveLength(1)
  })
})

describe('validation messages', () => {
  it.each([
    ['no messages', validInput, { chatSession: { messages: [] } }, {}, 'input.chatSession.messages', 'must hold at least one message'],
    ['a non-boolean stream flag', validInput, { stream: 'yes' }, {}, 'input.stream', 'must be true or false'],
    ['an empty integrationId', validInput, { integrationId: '' }, {}, 'input.integrationId', 'must be a non-empty string'],
    ['a fractional citation number', validInput, {
      chatSession: { messages: [{ role: 'assistant', content: 'x', recordsCited: { citations: [{ number: 1.5, record: { type: 'site' } }] } }] },
    }, {}, 'input.chatSession.messages.0.recordsCited.citations.0.number', 'must be a whole number'],
    ['an empty apiKey', validInput, {}, { apiKey: '' }, 'config.apiKey', 'must be a non-empty string an HTTP header can carry: visible ASCII or Latin-1 characters, with spaces or tabs only between them'],
    ['a timeout that is not a number', validInput, {}, { timeoutMs: '5' }, 'config.timeoutMs', 'must be a whole number of milliseconds from 1 to 2147483647'],
    ['a baseURL that is not https', validInput, {}, { baseURL: 'http://example.com' }, 'config.baseURL', 'must be an https: URL (or http: to localhost, 127.0.0.0/8 or [::1]) without credentials, "?", "#", surrounding spaces, tabs or line breaks'],
  ])('states the rule for %s in one message', async (_, base, change, config, path, message) => {
    const { events, sent } = await runCreate({ ...base, ...change }, config as Partial<ChatConfig>)
    const error = lastError(events)
    expect(error.type === 'invalid_input' && error.issues).toEqual([{ path, message }])
    expect(error.message).toBe(`Invalid input: ${path} ${message}`)
    expect(sent).toBe(0)
  })

  it('states the rule for a chatSessionId of ".."', async () => {
    const mock = createMockInkeep()
    const events = await drain(
      continueChatSession({ apiKey: KEY, fetch: mock.fetch }, { chatSessionId: '..', integrationId: 'i', message: { role: 'user', content: 'x' } }),
    )
    expect(lastError(events)).toMatchObject({ type: 'invalid_input', issues: [{ path: 'input.chatSessionId', message: 'must not be "." or ".."' }] })
  })
})

describe('continueChatSession input validation', () => {
  it.each(['', '.', '..'])('gives invalid_input for the chatSessionId %j and sends nothing', async (chatSessionId) => {
    const mock = createMockInkeep()
    const events = await drain(
      continueChatSession({ apiKey: KEY, fetch: mock.fetch }, { chatSessionId, integrationId: 'i', message: { role: 'user', content: 'x' } }),
    )
    expect(lastError(events).type).toBe('invalid_input')
    expect(mock.requests).toHaveLength(0)
  })

  it.each(['../x?y=1#z', '%2e%2e', 'a/b', 'a\r\nb', 'a\0b', 'sess ion'])('sends the chatSessionId %j as one encoded path segment', async (chatSessionId) => {
    const mock = createMockInkeep()
    await drain(continueChatSession({ apiKey: KEY, fetch: mock.fetch }, { chatSessionId, integrationId: 'i', message: { role: 'user', content: 'x' } }))
    const record = mock.requests[0]!
    expect(record.path).toBe(`/v0/chat_sessions/${encodeURIComponent(chatSessionId)}/chat_results`)
    expect(record.path.split('/')).toHaveLength(5)
  })
})
