import { describe, expect, it } from 'vitest'
import { createChatSession, type ChatConfig, type ChatEvent, type ChatHookContext, type ChatHooks, type FetchFunction } from '../../lib/index'
import { drain } from '../helpers/drain'
import { connectionsClosed, expectOneErrorAfter, serveForTest } from '../helpers/faults'
import { createInput, TEST_KEY } from '../helpers/server'

const FAST_RETRY = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 }

const configFor = (url: string, hooks: ChatHooks, extra: Partial<ChatConfig> = {}): ChatConfig => ({ apiKey: TEST_KEY, baseURL: url, retry: FAST_RETRY, hooks, ...extra })

/** The platform's fetch, counting the attempts that reached it. */
function countingFetch(): { fetch: FetchFunction; attempts: () => number } {
  let attempts = 0
  return { fetch: (input, init) => (attempts++, fetch(input, init)), attempts: () => attempts }
}

const noEvents: ChatEvent[] = []

describe.concurrent('hooks run on every attempt, retries included', () => {
  it('onRequest sets a traceparent per attempt with options.headers.set', async (context) => {
    const server = await serveForTest(context, { fault: { type: 'status', status: 503, times: 2 } })
    let attempt = 0
    const onRequest = ({ options }: ChatHookContext) => {
      options.headers.set('traceparent', `00-${String(++attempt).padStart(32, '0')}-00f067aa0ba902b7-01`)
      options.headers.set('x-request-id', `request-${attempt}`)
    }
    const events = await drain(createChatSession(configFor(server.url, { onRequest }), createInput()))

    expect(events.at(-1)?.event).not.toBe('error')
    expect(server.mock.requests.map((request) => request.status)).toEqual([503, 503, 200])
    expect(server.mock.requests.map((request) => request.headers.get('x-request-id'))).toEqual(['request-1', 'request-2', 'request-3'])
    expect(new Set(server.mock.requests.map((request) => request.headers.get('traceparent'))).size).toBe(3)
  })

  it('onResponse and onResponseError see each attempt’s status, for a log of status and latency', async (context) => {
    const server = await serveForTest(context, { fault: { type: 'status', status: 503, times: 2 } })
    const log: Array<{ status: number; ms: number; url: string }> = []
    const started = new Map<string, number>()
    const errors: number[] = []
    const hooks: ChatHooks = {
      onRequest: ({ options }) => {
        const id = crypto.randomUUID()
        options.headers.set('x-request-id', id)
        started.set(id, performance.now())
      },
      onResponse: ({ request, options, response }) => {
        log.push({ status: response!.status, ms: performance.now() - started.get(options.headers.get('x-request-id')!)!, url: request })
      },
      onResponseError: ({ response }) => {
        errors.push(response!.status)
      },
    }
    await drain(createChatSession(configFor(server.url, hooks), createInput()))

    expect(log.map((entry) => entry.status)).toEqual([503, 503, 200])
    expect(log.every((entry) => entry.ms >= 0 && entry.url === `${server.url}/v0/chat_sessions/chat_results`)).toBe(true)
    expect(errors).toEqual([503, 503])
  })

  it('onRequestError counts the attempts that got no response', async (context) => {
    const server = await serveForTest(context, { fault: { type: 'drop', reset: true } })
    const failures: unknown[] = []
    const counting = countingFetch()
    const events = await drain(createChatSession(configFor(server.url, { onRequestError: ({ error }) => void failures.push(error) }, { fetch: counting.fetch }), createInput()))

    expectOneErrorAfter(events, noEvents, 'network')
    expect(failures).toHaveLength(FAST_RETRY.attempts)
    expect(counting.attempts()).toBe(FAST_RETRY.attempts)
    expect(failures.every((error) => error instanceof Error)).toBe(true)
  })

  it('onResponseError runs for a 401 and for a redirect that is not followed, once each', async (context) => {
    const unauthorized = await serveForTest(context, { fault: { type: 'status', status: 401 } })
    const redirecting = await serveForTest(context, { fault: { type: 'status', status: 307, headers: { location: 'https://example.com/' } } })
    for (const [server, status] of [[unauthorized, 401], [redirecting, 307]] as const) {
      const seen: number[] = []
      const events = await drain(createChatSession(configFor(server.url, { onResponseError: ({ response }) => void seen.push(response!.status) }), createInput()))
      expect(expectOneErrorAfter(events, noEvents, 'http')).toMatchObject({ status })
      expect(seen).toEqual([status])
    }
  })

  it('runs the functions of an array in order, each seeing the headers the one before set', async (context) => {
    const server = await serveForTest(context)
    const order: string[] = []
    const onRequest = [
      ({ options }: ChatHookContext) => void (order.push('first'), options.headers.set('x-step', '1')),
      async ({ options }: ChatHookContext) => void (order.push(`second saw ${options.headers.get('x-step')}`), options.headers.set('x-step', '2')),
    ]
    await drain(createChatSession(configFor(server.url, { onRequest }), createInput()))

    expect(order).toEqual(['first', 'second saw 1'])
    expect(server.mock.requests[0]!.headers.get('x-step')).toBe('2')
  })
})

describe.concurrent('hooks cannot change where or how the request goes', () => {
  it('keeps baseURL, path, method, body, signal, redirect and the key, content-type and accept headers that onRequest rewrote', async (context) => {
    const server = await serveForTest(context)
    const elsewhere = await serveForTest(context)
    const seen: string[] = []
    const onRequest = (hook: ChatHookContext) => {
      seen.push(...hook.options.headers.keys())
      Object.assign(hook, { request: `${elsewhere.url}/stolen` })
      Object.assign(hook.options, { baseURL: elsewhere.url, method: 'PUT', body: '{"stolen":true}', redirect: 'follow', signal: new AbortController().signal })
      hook.options.headers.set('authorization', 'Bearer someone-else')
      hook.options.headers.set('content-type', 'text/plain')
      hook.options.headers.set('accept', 'text/html')
      hook.options.headers = new Headers({ 'x-replaced': 'yes' })
    }
    const events = await drain(createChatSession(configFor(server.url, { onRequest }), createInput('Where?')))

    expect(events.at(-1)?.event).not.toBe('error')
    expect(elsewhere.mock.requests).toHaveLength(0)
    expect(server.mock.requests).toHaveLength(1)
    const request = server.mock.requests[0]!
    expect(request.method).toBe('POST')
    expect(request.path).toBe('/v0/chat_sessions/chat_results')
    expect(request.body).toMatchObject({ chat_session: { messages: [{ role: 'user', content: 'Where?' }] } })
    expect(request.headers.get('authorization')).toBe(`Bearer ${TEST_KEY}`)
    expect(request.headers.get('content-type')).toBe('application/json')
    expect(request.headers.get('accept')).toBe('text/event-stream')
    expect(request.headers.get('x-replaced')).toBeNull()
    // The key is never shown to a hook, which a logging hook would print.
    expect(seen).not.toContain('authorization')
  })

  it('does not follow a redirect after onRequest asked for redirect: "follow"', async (context) => {
    const elsewhere = await serveForTest(context)
    const server = await serveForTest(context, { fault: { type: 'status', status: 307, headers: { location: `${elsewhere.url}/v0/chat_sessions/chat_results` } } })
    const onRequest = ({ options }: ChatHookContext) => void Object.assign(options, { redirect: 'follow' })
    const events = await drain(createChatSession(configFor(server.url, { onRequest }), createInput()))

    expect(expectOneErrorAfter(events, noEvents, 'http')).toMatchObject({ status: 307 })
    expect(elsewhere.mock.requests).toHaveLength(0)
  })

  it('still cancels the request on the caller’s signal after onRequest replaced options.signal', async (context) => {
    const server = await serveForTest(context, { fault: { type: 'stall' } })
    const controller = new AbortController()
    const onRequest = ({ options }: ChatHookContext) => void Object.assign(options, { signal: new AbortController().signal })
    const pending = drain(createChatSession(configFor(server.url, { onRequest }), createInput(), { signal: controller.signal }))
    setTimeout(() => controller.abort(), 50)

    expect(await pending).toEqual([{ event: 'error', error: { type: 'aborted', message: expect.any(String) } }])
    // The stalled request is given up, not left waiting on the server.
    expect(await connectionsClosed(server)).toBe(true)
  })
})

const KEY = 'sk-live-Hook7rT2mN5xQ1wY8kP4jL9bV3cF6dG0s'

describe.concurrent('a hook that throws or rejects', () => {
  const cases: Array<[keyof ChatHooks, 'throws' | 'rejects', Partial<ChatConfig>['retry'], number]> = [
    ['onRequest', 'throws', FAST_RETRY, 0],
    ['onRequest', 'rejects', FAST_RETRY, 0],
    ['onResponse', 'throws', FAST_RETRY, 1],
    ['onResponseError', 'rejects', FAST_RETRY, 1],
    ['onRequestError', 'throws', FAST_RETRY, 1],
  ]
  it.for(cases)('%s that %s ends the call with one redacted hook error, without a retry', async ([name, how, retry, attempts], context) => {
    const fault = name === 'onResponseError' ? ({ type: 'status', status: 503 } as const) : name === 'onRequestError' ? ({ type: 'drop', reset: true } as const) : undefined
    const server = await serveForTest(context, { apiKey: KEY, ...(fault && { fault }) })
    const counting = countingFetch()
    const failing = how === 'throws' ? () => { throw new Error(`no trace id for ${KEY}`) } : async () => Promise.reject(new Error(`no trace id for ${KEY}`))
    const events = await drain(createChatSession({ apiKey: KEY, baseURL: server.url, retry, fetch: counting.fetch, hooks: { [name]: failing } }, createInput()))

    const error = expectOneErrorAfter(events, noEvents, 'hook')
    expect(error).toEqual({ type: 'hook', hook: name, message: `The ${name} hook failed: no trace id for [redacted]` })
    expect(JSON.stringify(events)).not.toContain(KEY.slice(8, 20))
    expect(counting.attempts()).toBe(attempts)
    expect(await connectionsClosed(server)).toBe(true)
  })

  it('throwing something other than an Error still gives a hook error', async (context) => {
    const server = await serveForTest(context)
    const events = await drain(createChatSession(configFor(server.url, { onResponse: () => Promise.reject('nope') }), createInput()))
    expect(expectOneErrorAfter(events, noEvents, 'hook')).toMatchObject({ hook: 'onResponse', message: 'The onResponse hook failed: nope' })
  })

  it('reading the response body in onResponse ends the call with a hook error, not an exception', async (context) => {
    const server = await serveForTest(context)
    const events = await drain(createChatSession(configFor(server.url, { onResponse: async ({ response }) => void (await response!.text()) }), createInput()))
    expect(expectOneErrorAfter(events, noEvents, 'hook')).toMatchObject({ hook: 'onResponse' })
    expect(server.mock.requests).toHaveLength(1)
  })
})

describe.concurrent('a hook that never settles', () => {
  const hanging = () => new Promise<void>(() => {})

  it('is ended by the caller’s signal: aborted', async (context) => {
    const server = await serveForTest(context)
    const controller = new AbortController()
    const pending = drain(createChatSession(configFor(server.url, { onRequest: hanging }), createInput(), { signal: controller.signal }))
    setTimeout(() => controller.abort(), 20)
    // The hook never settles: without the abort the call would never end. The deadline turns a hang into a failure.
    const result = await Promise.race([pending, new Promise((resolve) => setTimeout(resolve, 2_000, 'still running'))])

    expect(result).toEqual([{ event: 'error', error: { type: 'aborted', message: expect.any(String) } }])
    expect(server.mock.requests).toHaveLength(0)
  })

  it('in onResponse is ended by timeoutMs, as headers that did not arrive in time', async (context) => {
    const server = await serveForTest(context)
    const events = await drain(createChatSession(configFor(server.url, { onResponse: hanging }, { timeoutMs: 100 }), createInput()))

    expect(expectOneErrorAfter(events, noEvents, 'timeout')).toMatchObject({ phase: 'response', ms: 100 })
    expect(await connectionsClosed(server)).toBe(true)
  })
})

/** Thrown by a hook: every property a description would read throws, and so does turning it into a string. */
const unreadable = (): object =>
  new Proxy({}, { get: () => { throw new Error('no property of this may be read') }, getPrototypeOf: () => { throw new Error('nor its prototype') } })

describe.concurrent('a hook that throws something that cannot be read', () => {
  const cases: Array<[keyof ChatHooks, number]> = [
    ['onRequest', 0],
    ['onResponse', 1],
    ['onResponseError', 1],
    ['onRequestError', 1],
  ]
  it.for(cases)('%s ends the call with one hook error, the hook and fetch run once with 3 attempts configured', async ([name, attempts], context) => {
    const fault = name === 'onResponseError' ? ({ type: 'status', status: 503 } as const) : name === 'onRequestError' ? ({ type: 'drop', reset: true } as const) : undefined
    const server = await serveForTest(context, fault && { fault })
    const counting = countingFetch()
    let calls = 0
    const failing = () => {
      calls++
      throw unreadable()
    }
    const events = await drain(createChatSession(configFor(server.url, { [name]: failing }, { fetch: counting.fetch }), createInput()))

    expect(expectOneErrorAfter(events, noEvents, 'hook')).toEqual({ type: 'hook', hook: name, message: `The ${name} hook failed: unknown error` })
    expect(calls).toBe(1)
    expect(counting.attempts()).toBe(attempts)
    expect(server.mock.requests).toHaveLength(name === 'onRequestError' ? 1 : attempts)
  })

  it('onRequest that leaves headers whose iterator throws ends the call with one hook error, sending nothing', async (context) => {
    const server = await serveForTest(context)
    const counting = countingFetch()
    let calls = 0
    const onRequest = ({ options }: ChatHookContext) => {
      calls++
      Object.assign(options.headers, { [Symbol.iterator]: () => { throw new Error('these headers can not be copied') } })
    }
    const events = await drain(createChatSession(configFor(server.url, { onRequest }, { fetch: counting.fetch }), createInput()))

    expect(expectOneErrorAfter(events, noEvents, 'hook')).toEqual({ type: 'hook', hook: 'onRequest', message: 'The onRequest hook failed: these headers can not be copied' })
    expect(calls).toBe(1)
    expect(counting.attempts()).toBe(0)
  })
})
