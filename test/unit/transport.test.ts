import { describe, expect, it } from 'vitest'
import { createChatSession, type FetchFunction } from '../../lib/index'
import { drain, lastError } from '../helpers/drain'
import { createInput, TEST_KEY } from '../helpers/client'

const URL_PREFIX = 'No response from https://api.inkeep.com/v0/chat_sessions/chat_results'

describe('sendRequest', () => {
  it.each([
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['a plain object', { ok: true }, 'an object'],
    ['a number', 200, 'a number'],
    ['a string', 'OK', 'a string'],
  ])('ends with network when a custom fetch resolves to %s, saying it is not a Response', async (_, resolved, named) => {
    let calls = 0
    const fetch = (async () => (calls++, resolved)) as unknown as FetchFunction
    const events = await drain(createChatSession({ apiKey: TEST_KEY, fetch, retry: false }, createInput()))
    expect(events).toHaveLength(1)
    expect(lastError(events)).toEqual({ type: 'network', message: `${URL_PREFIX}: fetch resolved to ${named}, not a Response` })
    expect(calls).toBe(1)
  })

  it('takes a Response from another realm or a polyfill, which fails instanceof', async () => {
    const real = new Response('event: message_chunk\ndata: {"content_chunk":"hi","chat_session_id":"s"}\n\n', { headers: { 'content-type': 'text/event-stream' } })
    const lookalike = { status: real.status, ok: real.ok, type: real.type, headers: real.headers, body: real.body, bodyUsed: false, url: '' }
    const fetch = (async () => lookalike) as unknown as FetchFunction
    const events = await drain(createChatSession({ apiKey: TEST_KEY, fetch, retry: false }, createInput()))
    expect(events).toEqual([{ event: 'message_chunk', data: { chatSessionId: 's', contentChunk: 'hi', finishReason: undefined } }])
  })
})
