import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMockInkeep, readMockRequests } from '../../lib/testing/index'

const URL_BASE = 'http://mock.test'
const post = (path: string, body: unknown, key = 'sk-mock') =>
  new Request(`${URL_BASE}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
const createBody = (content: string, stream = false) => ({
  integration_id: 'i',
  chat_session: { messages: [{ role: 'user', content }] },
  stream,
})

describe('createMockInkeep', () => {
  it('answers 401 without a bearer key, or with a key other than the configured one', async () => {
    const mock = createMockInkeep({ apiKey: 'right' })
    expect((await mock.fetch(post('/v0/chat_sessions/chat_results', createBody('x'), 'wrong'))).status).toBe(401)
    const noKey = new Request(`${URL_BASE}/v0/chat_sessions/chat_results`, { method: 'POST', body: '{}' })
    expect((await mock.fetch(noKey)).status).toBe(401)
    expect((await mock.fetch(post('/v0/chat_sessions/chat_results', createBody('x'), 'right'))).status).toBe(200)
  })

  it('answers a FastAPI-style 422 with the location of each problem', async () => {
    const mock = createMockInkeep()
    const response = await mock.fetch(post('/v0/chat_sessions/chat_results', { chat_session: { messages: [] } }))
    expect(response.status).toBe(422)
    const { detail } = await response.json()
    expect(detail.map((entry: { loc: unknown[] }) => entry.loc)).toEqual(
      expect.arrayContaining([['body', 'integration_id'], ['body', 'chat_session', 'messages']]),
    )
    const notJson = await mock.fetch(post('/v0/chat_sessions/chat_results', '{oops'))
    expect(notJson.status).toBe(422)
  })

  it('answers JSON or SSE by the stream flag', async () => {
    const mock = createMockInkeep({ answer: { text: 'abcdef', chunkSize: 4, citations: [] } })
    const whole = await mock.fetch(post('/v0/chat_sessions/chat_results', createBody('q')))
    expect(whole.headers.get('content-type')).toBe('application/json')
    expect(await whole.json()).toEqual({ chat_session_id: 'mock-session-1', message: { role: 'assistant', content: 'abcdef' } })

    const streamed = await mock.fetch(post('/v0/chat_sessions/chat_results', createBody('q', true)))
    expect(streamed.headers.get('content-type')).toBe('text/event-stream')
    const text = await streamed.text()
    expect(text.match(/^event: message_chunk$/gm)).toHaveLength(3)
    expect(text).toContain('"content_chunk":"abcd"')
    expect(text).toContain('"finish_reason":"stop"')
  })

  it('keeps sessions so that continuing sees the history, and answers 404 for an unknown session', async () => {
    const seen: number[] = []
    const mock = createMockInkeep({ answer: ({ messages }) => (seen.push(messages.length), { text: 'ok' }) })
    await mock.fetch(post('/v0/chat_sessions/chat_results', createBody('first')))
    const continued = await mock.fetch(
      post('/v0/chat_sessions/mock-session-1/chat_results', { integration_id: 'i', message: { role: 'user', content: 'second' } }),
    )
    expect(continued.status).toBe(200)
    expect(seen).toEqual([1, 3])
    const unknown = await mock.fetch(post('/v0/chat_sessions/nope/chat_results', { integration_id: 'i', message: { role: 'user', content: 'x' } }))
    expect(unknown.status).toBe(404)
  })

  it('answers a CORS preflight and exposes Retry-After to browsers', async () => {
    const mock = createMockInkeep()
    const response = await mock.fetch(new Request(`${URL_BASE}/v0/chat_sessions/chat_results`, { method: 'OPTIONS' }))
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization')
    expect(response.headers.get('access-control-expose-headers')).toContain('retry-after')
  })

  it('answers a status fault with Retry-After for the first `times` requests, then normally', async () => {
    const mock = createMockInkeep({ fault: { type: 'status', status: 429, retryAfter: '2', times: 1 } })
    const first = await mock.fetch(post('/v0/chat_sessions/chat_results', createBody('x')))
    expect([first.status, first.headers.get('retry-after')]).toEqual([429, '2'])
    expect((await mock.fetch(post('/v0/chat_sessions/chat_results', createBody('x')))).status).toBe(200)
    expect(mock.requests.map((record) => record.status)).toEqual([429, 200])
  })

  it('drops the connection after the configured number of events', async () => {
    const mock = createMockInkeep({ answer: { text: 'abcdefgh', chunkSize: 2 }, fault: { type: 'drop', afterEvents: 2 } })
    const response = await mock.fetch(post('/v0/chat_sessions/chat_results', createBody('x', true)))
    await expect(response.text()).rejects.toThrow(/dropped/)
    expect(await mock.requests[0]!.stream!.ended).toBe('dropped')
    expect(mock.requests[0]!.stream!.sentEvents).toBe(2)
  })

  it('inserts a malformed event after the configured number of events', async () => {
    const mock = createMockInkeep({ fault: { type: 'malformed', afterEvents: 1 } })
    const text = await (await mock.fetch(post('/v0/chat_sessions/chat_results', createBody('x', true)))).text()
    const blocks = text.split('\n\n')
    expect(blocks[1]).toBe('event: message_chunk\ndata: {"content_chunk": ')
  })

  it('stalls before the headers until the request is aborted', async () => {
    const mock = createMockInkeep({ fault: { type: 'stall' } })
    const controller = new AbortController()
    const pending = mock.fetch(new Request(post('/v0/chat_sessions/chat_results', createBody('x')), { signal: controller.signal }))
    setTimeout(() => controller.abort(), 20)
    await expect(pending).rejects.toThrow()
  })
})

describe('the request log at /__mock/requests', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  const getLog = (method = 'GET') => new Request(`${URL_BASE}/__mock/requests`, { method })

  it('answers GET with every request as JSON, the key left out, without recording the read', async () => {
    const mock = createMockInkeep({ answer: { text: 'abcdef', chunkSize: 4 } })
    await (await mock.fetch(post('/v0/chat_sessions/chat_results', createBody('first', true), 'sk-mock-secret'))).text()
    await mock.fetch(post('/v0/elsewhere', createBody('x'), 'sk-mock-secret'))
    await mock.fetch(post('/v0/chat_sessions/chat_results', createBody('x'), ''))

    const response = await mock.fetch(getLog())
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    const text = await response.text()
    expect(text).not.toContain('sk-mock-secret')
    expect(JSON.parse(text)).toEqual([
      {
        method: 'POST',
        path: '/v0/chat_sessions/chat_results',
        headers: { authorization: 'Bearer [redacted]', 'content-type': 'application/json' },
        body: createBody('first', true),
        status: 200,
        stream: { sentEvents: 4, totalEvents: 4, end: 'completed' },
      },
      expect.objectContaining({ path: '/v0/elsewhere', status: 404 }),
      expect.objectContaining({ headers: { authorization: '[redacted]', 'content-type': 'application/json' }, status: 401 }),
    ])
    // The records themselves keep the key, for tests in the same process.
    expect(mock.requests.map((record) => record.headers.get('authorization'))).toEqual(['Bearer sk-mock-secret', 'Bearer sk-mock-secret', 'Bearer'])
  })

  it('is served whatever the fault, and without a key', async () => {
    const mock = createMockInkeep({ apiKey: 'right', fault: { type: 'status', status: 503 } })
    expect((await mock.fetch(post('/v0/chat_sessions/chat_results', createBody('x'), 'right'))).status).toBe(503)
    const response = await mock.fetch(getLog())
    expect(response.status).toBe(200)
    expect((await response.json()).map((record: { status: number }) => record.status)).toEqual([503])
  })

  it('answers a preflight, 405 to other methods, and leaves other paths to the API: 404 with a key', async () => {
    const mock = createMockInkeep()
    expect((await mock.fetch(getLog('OPTIONS'))).status).toBe(204)
    const posted = await mock.fetch(getLog('POST'))
    expect([posted.status, posted.headers.get('allow')]).toEqual([405, 'GET, OPTIONS'])
    for (const path of ['/__mock/requests/', '/__mock/other', '/v0/__mock/requests']) {
      expect((await mock.fetch(new Request(`${URL_BASE}${path}`, { headers: { authorization: 'Bearer sk-mock' } }))).status).toBe(404)
    }
    expect(mock.requests.map((record) => record.path)).toEqual(['/__mock/requests/', '/__mock/other', '/v0/__mock/requests'])
  })

  it('is what readMockRequests returns, given the base URL', async () => {
    const mock = createMockInkeep()
    await mock.fetch(post('/v0/chat_sessions/chat_results', createBody('hello')))
    vi.stubGlobal('fetch', mock.fetch)
    const requests = await readMockRequests(URL_BASE)
    expect(requests).toEqual([expect.objectContaining({ method: 'POST', body: createBody('hello'), status: 200 })])
    expect(requests[0]!.headers.authorization).toBe('Bearer [redacted]')
  })

  it('makes readMockRequests reject when the URL is not a mock', async () => {
    vi.stubGlobal('fetch', async () => new Response('Not Found', { status: 404 }))
    await expect(readMockRequests('http://elsewhere.test')).rejects.toThrow(/__mock\/requests.*404/)
  })
})
