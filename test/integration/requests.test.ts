import { describe, expect, it, vi } from 'vitest'
import { continueChatSession, createChatSession, type ChatConfig } from '../../lib/index'
import type { MockRequestRecord } from '../../lib/testing/index'
import { drain, lastError } from '../helpers/drain'
import { createInput, startMockServer, TEST_KEY } from '../helpers/server'

const configFor = (url: string, extra: Partial<ChatConfig> = {}): ChatConfig => ({ apiKey: TEST_KEY, baseURL: url, ...extra })

const onlyRequest = (requests: readonly MockRequestRecord[]): MockRequestRecord => {
  expect(requests).toHaveLength(1)
  return requests[0]!
}

/** Creates a session on a fresh server, then continues it with "And then?"; returns the server. */
async function continueAfterCreate(extra: { stream?: boolean }) {
  const server = await startMockServer()
  await drain(createChatSession(configFor(server.url), createInput()))
  const input = { chatSessionId: 'mock-session-1', integrationId: 'integration-1', message: { role: 'user' as const, content: 'And then?' } }
  await drain(continueChatSession(configFor(server.url), { ...input, ...extra }))
  return server
}

describe('the request a call sends', () => {
  it('posts a new chat session to /v0/chat_sessions/chat_results with the bearer key and SSE accepted', async () => {
    const server = await startMockServer()
    await drain(createChatSession(configFor(server.url), createInput()))

    const request = onlyRequest(server.mock.requests)
    expect(request.method).toBe('POST')
    expect(request.path).toBe('/v0/chat_sessions/chat_results')
    expect(request.headers.get('authorization')).toBe(`Bearer ${TEST_KEY}`)
    expect(request.headers.get('content-type')).toBe('application/json')
    expect(request.headers.get('accept')).toBe('text/event-stream')
    expect(request.status).toBe(200)
  })

  it('sends a snake_case JSON body with "stream": true when streaming is left to its default', async () => {
    const server = await startMockServer()
    await drain(createChatSession(configFor(server.url), createInput('Hello?')))

    expect(onlyRequest(server.mock.requests).body).toStrictEqual({
      integration_id: 'integration-1',
      chat_session: { messages: [{ role: 'user', content: 'Hello?' }] },
      stream: true,
    })
  })

  it('asks for JSON and sends "stream": false when the caller turns streaming off', async () => {
    const server = await startMockServer()
    await drain(createChatSession(configFor(server.url), { ...createInput(), stream: false }))

    const request = onlyRequest(server.mock.requests)
    expect(request.headers.get('accept')).toBe('application/json')
    expect(request.headers.get('content-type')).toBe('application/json')
    expect(request.body).toMatchObject({ stream: false })
  })

  it('sends guidance, context, tags and chat mode when they are given', async () => {
    const server = await startMockServer()
    await drain(
      createChatSession(configFor(server.url), {
        integrationId: 'integration-1',
        chatSession: {
          messages: [{ role: 'user', content: 'How do I deploy?' }],
          guidance: 'Answer briefly.',
          context: 'The user is on the free plan.',
          tags: ['deploy', 'docs'],
        },
        chatMode: 'turbo',
      }),
    )

    expect(onlyRequest(server.mock.requests).body).toStrictEqual({
      integration_id: 'integration-1',
      chat_session: {
        messages: [{ role: 'user', content: 'How do I deploy?' }],
        guidance: 'Answer briefly.',
        context: 'The user is on the free plan.',
        tags: ['deploy', 'docs'],
      },
      chat_mode: 'turbo',
      stream: true,
    })
  })

  it('posts a continued session to /v0/chat_sessions/{id}/chat_results with the message and "stream"', async () => {
    const server = await continueAfterCreate({})

    expect(server.mock.requests).toHaveLength(2)
    const request = server.mock.requests[1]!
    expect(request.path).toBe('/v0/chat_sessions/mock-session-1/chat_results')
    expect(request.status).toBe(200)
    expect(request.headers.get('authorization')).toBe(`Bearer ${TEST_KEY}`)
    expect(request.headers.get('accept')).toBe('text/event-stream')
    expect(request.body).toStrictEqual({
      integration_id: 'integration-1',
      message: { role: 'user', content: 'And then?' },
      stream: true,
    })
  })

  it('sends "stream": false and accepts JSON when continuing without streaming', async () => {
    const server = await continueAfterCreate({ stream: false })

    const request = server.mock.requests[1]!
    expect(request.headers.get('accept')).toBe('application/json')
    expect(request.body).toMatchObject({ stream: false })
  })

  it('sends an assistant message’s recordsCited as records_cited with hit_url', async () => {
    const server = await startMockServer()
    await drain(createChatSession(configFor(server.url), createInput()))
    await drain(
      continueChatSession(configFor(server.url), {
        chatSessionId: 'mock-session-1',
        integrationId: 'integration-1',
        message: {
          role: 'assistant',
          content: 'See the guide [1].',
          recordsCited: {
            citations: [
              {
                number: 1,
                record: { type: 'documentation', url: 'https://docs.example.com/guide', title: 'Guide', breadcrumbs: ['Docs'] },
                hitUrl: 'https://docs.example.com/guide#install',
              },
            ],
          },
        },
      }),
    )

    const request = server.mock.requests[1]!
    expect(request.status).toBe(200)
    expect(request.body).toStrictEqual({
      integration_id: 'integration-1',
      message: {
        role: 'assistant',
        content: 'See the guide [1].',
        records_cited: {
          citations: [
            {
              number: 1,
              record: { type: 'documentation', url: 'https://docs.example.com/guide', title: 'Guide', breadcrumbs: ['Docs'] },
              hit_url: 'https://docs.example.com/guide#install',
            },
          ],
        },
      },
      stream: true,
    })
  })

  it('keeps a chat session id with "/", "?" and "#" in one encoded path segment', async () => {
    const server = await startMockServer()
    const chatSessionId = '../x?y=1#z'
    const seenURLs: string[] = []
    const recordingFetch = (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
      seenURLs.push(input instanceof Request ? input.url : String(input))
      return fetch(input, init)
    }
    const events = await drain(
      continueChatSession(configFor(server.url, { fetch: recordingFetch }), {
        chatSessionId,
        integrationId: 'integration-1',
        message: { role: 'user', content: 'Hi' },
      }),
    )

    const request = onlyRequest(server.mock.requests)
    expect(request.path).toBe(`/v0/chat_sessions/${encodeURIComponent(chatSessionId)}/chat_results`)
    expect(seenURLs).toHaveLength(1)
    const url = new URL(seenURLs[0]!)
    expect(url.search).toBe('')
    expect(url.hash).toBe('')
    // The mock decodes the segment back to the whole id, and knows no such session.
    expect(request.status).toBe(404)
    const error = lastError(events)
    expect(error).toMatchObject({ type: 'http', status: 404 })
    expect(error.type === 'http' && error.body).toContain(`Chat session ${chatSessionId} not found`)
  })

  it('merges config and call headers case-insensitively, the call’s winning', async () => {
    const server = await startMockServer()
    const config = configFor(server.url, { headers: { 'X-Client': 'config', 'X-Trace-Id': 'trace-1' } })
    await drain(createChatSession(config, createInput(), { headers: [['x-client', 'call'], ['X-Request-Id', 'request-1']] }))

    const { headers } = onlyRequest(server.mock.requests)
    expect(headers.get('x-client')).toBe('call')
    expect(headers.get('x-trace-id')).toBe('trace-1')
    expect(headers.get('x-request-id')).toBe('request-1')
  })

  it('never lets caller headers replace the authorization, accept or content-type headers', async () => {
    const server = await startMockServer()
    const override = { AUTHORIZATION: 'Bearer someone-else', Accept: 'text/html', 'content-TYPE': 'text/plain' }
    const config = configFor(server.url, { headers: override })
    const headers = new Headers(override)
    await drain(createChatSession(config, createInput(), { headers }))
    await drain(createChatSession(config, { ...createInput(), stream: false }, { headers }))

    expect(server.mock.requests).toHaveLength(2)
    const [streamed, json] = server.mock.requests
    for (const request of [streamed!, json!]) {
      expect(request.status).toBe(200)
      expect(request.headers.get('authorization')).toBe(`Bearer ${TEST_KEY}`)
      expect(request.headers.get('content-type')).toBe('application/json')
    }
    expect(streamed!.headers.get('accept')).toBe('text/event-stream')
    expect(json!.headers.get('accept')).toBe('application/json')
  })

  it('calls an async apiKey function and sends the key it returns', async () => {
    const server = await startMockServer({ apiKey: 'sk-from-a-vault' })
    const apiKey = vi.fn(async () => 'sk-from-a-vault')
    const events = await drain(createChatSession({ apiKey, baseURL: server.url }, createInput()))

    expect(apiKey).toHaveBeenCalledTimes(1)
    const request = onlyRequest(server.mock.requests)
    expect(request.headers.get('authorization')).toBe('Bearer sk-from-a-vault')
    expect(request.status).toBe(200)
    expect(events.some((event) => event.event === 'error')).toBe(false)
  })
})
