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

describe('a call stopped before it is sent', () => {
  it('calls no hook and no fetch when the caller aborts while the key function runs, and ends aborted', async () => {
    const controller = new AbortController()
    let hooked = 0
    let fetched = 0
    const apiKey = async () => {
      controller.abort()
      return TEST_KEY
    }
    const fetch: FetchFunction = async () => (fetched++, new Response('{}', { headers: { 'content-type': 'application/json' } }))
    const config = { apiKey, fetch, retry: false, hooks: { onRequest: () => void hooked++ } } as const
    const events = await drain(createChatSession(config, createInput(), { signal: controller.signal }))

    expect(events).toEqual([{ event: 'error', error: { type: 'aborted', message: 'The request was aborted by the caller' } }])
    expect(hooked).toBe(0)
    expect(fetched).toBe(0)
  })

  it('calls no fetch when the caller aborts while an onRequest hook runs, and ends aborted', async () => {
    const controller = new AbortController()
    let fetched = 0
    const fetch: FetchFunction = async () => (fetched++, new Response('{}', { headers: { 'content-type': 'application/json' } }))
    const config = { apiKey: TEST_KEY, fetch, retry: false, hooks: { onRequest: async () => controller.abort() } } as const
    const events = await drain(createChatSession(config, createInput(), { signal: controller.signal }))

    expect(events).toEqual([{ event: 'error', error: { type: 'aborted', message: 'The request was aborted by the caller' } }])
    expect(fetched).toBe(0)
  })
})
