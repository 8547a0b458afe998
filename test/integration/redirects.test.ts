import { describe, expect, it } from 'vitest'
import { createChatSession } from '../../lib/index'
import { drain } from '../helpers/drain'
import { connectionsClosed, expectOneErrorAfter, serveForTest } from '../helpers/faults'
import { createInput, TEST_KEY } from '../helpers/server'

// Node's fetch drops `authorization` on a cross-origin redirect but still forwards the caller's other
// headers (a proxy's key) and, on 307/308, the question itself; other runtimes differ. So no redirect
// is followed, to any origin: the request goes only to baseURL.

const PROXY_HEADERS = { 'x-proxy-key': 'proxy-secret-123' }

describe.concurrent('a redirect', () => {
  it.for([301, 302, 303, 307, 308])('%i to another origin is not followed: an http error naming the target, nothing sent there', async (status, context) => {
    const elsewhere = await serveForTest(context)
    const target = `${elsewhere.url}/v0/chat_sessions/chat_results`
    const server = await serveForTest(context, { fault: { type: 'status', status, body: '', headers: { location: target } } })
    const events = await drain(createChatSession({ apiKey: TEST_KEY, baseURL: server.url, headers: PROXY_HEADERS }, createInput()))

    const error = expectOneErrorAfter(events, [], 'http')
    expect(error).toMatchObject({ status, body: '' })
    expect(error.message).toContain(`redirect to ${target}`)
    expect(server.mock.requests).toHaveLength(1)
    expect(elsewhere.mock.requests).toHaveLength(0)
    expect(await connectionsClosed(server)).toBe(true)
  })

  it('to the same origin is not followed either', async (context) => {
    const server = await serveForTest(context, { fault: { type: 'status', status: 308, headers: { location: '/v0/chat_sessions/chat_results/' } } })
    const events = await drain(createChatSession({ apiKey: TEST_KEY, baseURL: server.url }, createInput()))

    expect(expectOneErrorAfter(events, [], 'http')).toMatchObject({ status: 308 })
    expect(server.mock.requests).toHaveLength(1)
  })

  it('is not followed when a custom fetch is passed either, and is never retried', async (context) => {
    const elsewhere = await serveForTest(context)
    const server = await serveForTest(context, { fault: { type: 'status', status: 307, headers: { location: elsewhere.url } } })
    const events = await drain(
      createChatSession({ apiKey: TEST_KEY, baseURL: server.url, fetch: (input, init) => fetch(input, init), retry: { attempts: 3, baseDelayMs: 1 } }, createInput()),
    )

    expect(expectOneErrorAfter(events, [], 'http')).toMatchObject({ status: 307 })
    expect(server.mock.requests).toHaveLength(1)
    expect(elsewhere.mock.requests).toHaveLength(0)
  })
})
