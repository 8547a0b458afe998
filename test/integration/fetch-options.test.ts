import { Agent, ProxyAgent } from 'undici'
import { describe, expect, it } from 'vitest'
import { continueChatSession, createChatSession, type ChatConfig, type FetchFunction, type FetchOptions } from '../../lib/index'
import { contentOf, drain, lastError } from '../helpers/drain'
import { serveForTest } from '../helpers/faults'
import { serveProxy } from '../helpers/proxy'
import { createInput, TEST_KEY } from '../helpers/server'

// undici is a devDependency pinned to the major Node 20 bundles (process.versions.undici), so its
// dispatchers fit the dispatcher interface of the platform's fetch.

/** The platform's fetch, keeping each init it was given. */
function recordingFetch(): { fetch: FetchFunction; inits: Array<Record<string, unknown>> } {
  const inits: Array<Record<string, unknown>> = []
  return { fetch: (input, init) => (inits.push({ ...init }), fetch(input, init)), inits }
}

const configFor = (url: string, extra: Partial<ChatConfig> = {}): ChatConfig => ({ apiKey: TEST_KEY, baseURL: url, retry: false, ...extra })

describe.concurrent('fetchOptions', () => {
  it('reach fetch as they are, the call’s merged over the config’s, and the request still succeeds', async (context) => {
    const server = await serveForTest(context)
    const dispatcher = new Agent()
    context.onTestFinished(() => dispatcher.close())
    const recording = recordingFetch()
    const fromConfig: FetchOptions = { keepalive: true, priority: 'low', cache: 'no-store', credentials: 'omit', mode: 'cors', referrerPolicy: 'no-referrer', cf: { cacheTtl: 5 } }
    const fromCall: FetchOptions = { priority: 'high', dispatcher, integrity: '' }
    const events = await drain(createChatSession(configFor(server.url, { fetch: recording.fetch, fetchOptions: fromConfig }), createInput(), { fetchOptions: fromCall }))

    expect(contentOf(events)).toContain('You asked: "How do I get started?"')
    expect(recording.inits).toHaveLength(1)
    expect(recording.inits[0]).toMatchObject({ ...fromConfig, ...fromCall, method: 'POST', redirect: 'manual' })
    expect(recording.inits[0]!.dispatcher).toBe(dispatcher)
    expect(recording.inits[0]!.cf).toBe(fromConfig.cf)
  })

  it('are sent with every attempt', async (context) => {
    const server = await serveForTest(context, { fault: { type: 'status', status: 503, times: 2 } })
    const recording = recordingFetch()
    await drain(createChatSession(configFor(server.url, { fetch: recording.fetch, retry: { attempts: 3, baseDelayMs: 1 } }), createInput(), { fetchOptions: { keepalive: true } }))

    expect(server.mock.requests.map((request) => request.status)).toEqual([503, 503, 200])
    expect(recording.inits.map((init) => init.keepalive)).toEqual([true, true, true])
  })

  it('named like ofetch’s own options change nothing ofetch does: they only reach fetch', async (context) => {
    const server = await serveForTest(context, { fault: { type: 'status', status: 503, times: 1 } })
    const elsewhere = await serveForTest(context)
    const recording = recordingFetch()
    const ofetchNamed = {
      baseURL: elsewhere.url,
      query: { leaked: 'yes' },
      responseType: 'json',
      parseResponse: JSON.parse,
      ignoreResponseError: false,
      retry: 5,
      timeout: 1,
      onRequest: () => {
        throw new Error('not a hook')
      },
    }
    const events = await drain(createChatSession(configFor(server.url, { fetch: recording.fetch, retry: { attempts: 2, baseDelayMs: 1 } }), createInput(), { fetchOptions: ofetchNamed }))

    expect(contentOf(events)).toContain('You asked: "How do I get started?"')
    expect(elsewhere.mock.requests).toHaveLength(0)
    expect(server.mock.requests.map((request) => `${request.status} ${request.path}`)).toEqual(['503 /v0/chat_sessions/chat_results', '200 /v0/chat_sessions/chat_results'])
    expect(recording.inits).toHaveLength(2)
  })

  it('route the request through a proxy given as undici’s ProxyAgent dispatcher, on a real socket', async (context) => {
    const server = await serveForTest(context)
    const proxy = await serveProxy(context)
    const dispatcher = new ProxyAgent({ uri: proxy.url, proxyTunnel: false })
    context.onTestFinished(() => dispatcher.close())
    const input = { chatSessionId: 'session-9', integrationId: 'integration-1', message: { role: 'user' as const, content: 'Through the proxy?' } }

    const direct = await drain(createChatSession(configFor(server.url), createInput('Direct?')))
    expect(proxy.forwarded).toEqual([])
    const proxied = await drain(createChatSession(configFor(server.url, { fetchOptions: { dispatcher } }), createInput('Proxied?')))
    const continued = await drain(continueChatSession(configFor(server.url), input, { fetchOptions: { dispatcher } }))

    expect(contentOf(direct)).toContain('You asked: "Direct?"')
    expect(contentOf(proxied)).toContain('You asked: "Proxied?"')
    expect(lastError(continued)).toMatchObject({ type: 'http', status: 404 })
    expect(proxy.forwarded).toEqual([`POST ${server.url}/v0/chat_sessions/chat_results`, `POST ${server.url}/v0/chat_sessions/session-9/chat_results`])
    expect(server.mock.requests.map((request) => request.headers.get('authorization'))).toEqual(Array(3).fill(`Bearer ${TEST_KEY}`))
  })
})

describe.concurrent('fetchOptions the package owns', () => {
  const owned: Array<[string, unknown]> = [
    ['method', 'GET'],
    ['body', '{}'],
    ['headers', { authorization: 'Bearer someone-else' }],
    ['signal', new AbortController().signal],
    ['redirect', 'follow'],
    ['window', null],
  ]

  it.for(owned)('%s is refused as invalid_input, in the config and in the call, and nothing is sent', async ([field, value], context) => {
    const server = await serveForTest(context)
    const recording = recordingFetch()
    const fetchOptions = { keepalive: true, [field]: value }
    const fromConfig = await drain(createChatSession(configFor(server.url, { fetch: recording.fetch, fetchOptions }), createInput()))
    const fromCall = await drain(createChatSession(configFor(server.url, { fetch: recording.fetch }), createInput(), { fetchOptions }))

    for (const [events, root] of [[fromConfig, 'config'], [fromCall, 'options']] as const) {
      expect(events).toHaveLength(1)
      const error = lastError(events)
      expect(error.type).toBe('invalid_input')
      expect(error.type === 'invalid_input' && error.issues.map((issue) => issue.path)).toEqual([`${root}.fetchOptions.${field}`])
    }
    expect(recording.inits).toEqual([])
    expect(server.mock.requests).toEqual([])
  })
})
