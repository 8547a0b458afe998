import { describe, expect, it } from 'vitest'
import { collectChatResult, continueChatSession, createChatSession, type ChatConfig, type Citation, type FetchFunction } from '../../lib/index'
import { contentOf, drain, lastError } from '../helpers/drain'
import { createInput, startMockServer, TEST_KEY } from '../helpers/server'

const configFor = (url: string, extra: Partial<ChatConfig> = {}): ChatConfig => ({ apiKey: TEST_KEY, baseURL: url, ...extra })

const CITATIONS: Citation[] = [
  {
    number: 1,
    record: { type: 'documentation', url: 'https://docs.example.com/start', title: 'Getting started', breadcrumbs: ['Docs', 'Start'] },
    hitUrl: 'https://docs.example.com/start#install',
  },
  { number: 2, record: { type: 'github_issue', url: 'https://github.com/example/repo/issues/1', title: 'Install fails' } },
]

describe('a chat over a real socket', () => {
  it('streams an answer with its citations, then continues the session with its history', async () => {
    const server = await startMockServer()
    const config = configFor(server.url)

    const first = await drain(createChatSession(config, createInput('How do I get started?')))
    expect(first.every((event) => event.event === 'message_chunk' || event.event === 'records_cited')).toBe(true)
    expect(contentOf(first)).toContain('This is answer 1 of this chat session')
    const chunks = first.flatMap((event) => (event.event === 'message_chunk' ? [event.data] : []))
    expect(chunks.length).toBeGreaterThan(1)
    expect(chunks.at(-1)?.finishReason).toBe('stop')
    const chatSessionId = chunks[0]?.chatSessionId
    expect(chatSessionId).toBe('mock-session-1')
    const cited = first.at(-1)
    expect(cited?.event).toBe('records_cited')
    expect(cited?.event === 'records_cited' && cited.data.citations[0]?.hitUrl).toBe('https://docs.inkeep.com/overview#getting-started')

    const second = await drain(
      continueChatSession(config, { chatSessionId: chatSessionId!, integrationId: 'integration-1', message: { role: 'user', content: 'And then?' } }),
    )
    expect(second.some((event) => event.event === 'error')).toBe(false)
    // The mock's default answer quotes the question and counts the user turns it has in the session's history.
    expect(contentOf(second)).toContain('You asked: "And then?". This is answer 2 of this chat session')
    expect(server.mock.requests.map((request) => request.path)).toEqual([
      '/v0/chat_sessions/chat_results',
      '/v0/chat_sessions/mock-session-1/chat_results',
    ])
  })

  it('yields the given citations in camelCase as one records_cited event after the text', async () => {
    const server = await startMockServer({ answer: { text: 'Install it [1], see [2].', citations: CITATIONS } })
    const events = await drain(createChatSession(configFor(server.url), createInput()))

    expect(contentOf(events)).toBe('Install it [1], see [2].')
    const cited = events.filter((event) => event.event === 'records_cited')
    expect(cited).toEqual([{ event: 'records_cited', data: { citations: CITATIONS } }])
  })

  it('yields exactly one chat_result for a JSON answer when stream is false', async () => {
    const server = await startMockServer({ answer: { text: 'The whole answer.', citations: CITATIONS } })
    const events = await drain(createChatSession(configFor(server.url), { ...createInput(), stream: false }))

    expect(events).toEqual([
      {
        event: 'chat_result',
        data: { chatSessionId: 'mock-session-1', message: { role: 'assistant', content: 'The whole answer.', recordsCited: { citations: CITATIONS } } },
      },
    ])
  })

  it('reads a JSON answer as a chat_result even when the call asked for a stream', async () => {
    const server = await startMockServer({ answer: { text: 'Answered as JSON.' } })
    // Forwards to the real socket, but asks the server for JSON whatever the client asked for.
    const forceJson: FetchFunction = (input, init) => {
      if (typeof init?.body !== 'string') throw new Error('expected a JSON string body')
      return fetch(input, { ...init, body: JSON.stringify({ ...JSON.parse(init.body), stream: false }) })
    }
    const events = await drain(createChatSession(configFor(server.url, { fetch: forceJson }), createInput()))

    expect(server.mock.requests[0]?.headers.get('accept')).toBe('text/event-stream')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ event: 'chat_result', data: { chatSessionId: 'mock-session-1', message: { content: 'Answered as JSON.' } } })
  })

  it('reads an SSE answer as message chunks when streaming', async () => {
    const server = await startMockServer({ answer: { text: 'abcdefghij', chunkSize: 4, citations: [] } })
    const events = await drain(createChatSession(configFor(server.url), createInput()))

    expect(events.map((event) => (event.event === 'message_chunk' ? event.data.contentChunk : event.event))).toEqual(['abcd', 'efgh', 'ij', ''])
  })

  it('gives an http 401 error whose message does not reveal the key when the key is wrong', async () => {
    const server = await startMockServer({ apiKey: 'sk-the-right-key' })
    const events = await drain(createChatSession(configFor(server.url), createInput()))

    expect(events).toHaveLength(1)
    const error = lastError(events)
    expect(error).toMatchObject({ type: 'http', status: 401 })
    expect(error.message).not.toContain(TEST_KEY)
    expect(JSON.stringify(error)).not.toContain(TEST_KEY)
  })

  it('gives http_validation with the server’s detail for a 422', async () => {
    const detail = [{ loc: ['body', 'integration_id'], msg: 'Field required', type: 'missing' }]
    const server = await startMockServer({ fault: { type: 'status', status: 422, body: JSON.stringify({ detail }) } })
    const events = await drain(createChatSession(configFor(server.url), createInput()))

    expect(events).toHaveLength(1)
    const error = lastError(events)
    expect(error).toMatchObject({ type: 'http_validation', status: 422, detail })
    expect(error.message).toContain('body.integration_id: Field required')
  })

  it('gives an http 404 error when continuing a session the server does not know', async () => {
    const server = await startMockServer()
    const events = await drain(
      continueChatSession(configFor(server.url), { chatSessionId: 'no-such-session', integrationId: 'integration-1', message: { role: 'user', content: 'Hi' } }),
    )

    expect(events).toHaveLength(1)
    expect(lastError(events)).toMatchObject({ type: 'http', status: 404 })
    expect(server.mock.requests).toHaveLength(1)
  })

  it('collects a streamed answer into its full content and citations', async () => {
    const text = 'A longer answer, streamed in many small chunks, with citations at the end [1][2].'
    const server = await startMockServer({ answer: { text, chunkSize: 7, citations: CITATIONS } })
    const result = await collectChatResult(createChatSession(configFor(server.url), createInput()))

    expect(result).toEqual({
      ok: true,
      value: { chatSessionId: 'mock-session-1', message: { role: 'assistant', content: text, recordsCited: { citations: CITATIONS } } },
    })
  })

  it('collects what was streamed before a dropped connection as the partial result', async () => {
    const server = await startMockServer({ answer: { text: 'abcdefghijklmnopqrstuvwxyz', chunkSize: 5 }, fault: { type: 'drop', afterEvents: 3 } })
    const result = await collectChatResult(createChatSession(configFor(server.url), createInput()))

    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error).toMatchObject({ type: 'stream_interrupted', eventsReceived: 3 })
    expect(result.partial).toEqual({ chatSessionId: 'mock-session-1', content: 'abcdefghijklmno', citations: [] })
  })
})
