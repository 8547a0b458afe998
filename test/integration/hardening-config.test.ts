import { describe, expect, it } from 'vitest'
import { createChatSession, type ChatConfig, type ChatError, type CallOptions } from '../../lib/index'
import type { MockFault } from '../../lib/testing/index'
import { drain, lastError } from '../helpers/drain'
import { serveForTest } from '../helpers/faults'
import { createInput, TEST_KEY } from '../helpers/server'

// What a config may not do, checked against a real loopback server: each refusal is an invalid_input
// the server never hears of, and a key a server echoes in an escaped spelling still never reaches an error.

type Server = Awaited<ReturnType<typeof serveForTest>>

/** Runs one call against `server` (no retries) and returns the error it ended with. */
async function errorOfCall(server: Server, config: Partial<ChatConfig>, options?: CallOptions): Promise<ChatError> {
  return lastError(await drain(createChatSession({ apiKey: TEST_KEY, baseURL: server.url, retry: false, ...config }, createInput(), options)))
}

/** Expects an `invalid_input` at `path` and no request at all. */
function expectRefused(error: ChatError, server: Server, path: string): void {
  expect(error.type).toBe('invalid_input')
  expect(error.type === 'invalid_input' && error.issues.map((issue) => issue.path)).toEqual([path])
  expect(server.mock.requests).toHaveLength(0)
}

const port = (server: Server): string => new URL(server.url).port

describe.concurrent('a baseURL', () => {
  it.for([
    ['a *.localhost name', (server: Server) => `http://foo.localhost:${port(server)}`],
    ['localhost with a trailing dot', (server: Server) => `http://localhost.:${port(server)}`],
  ] as const)('refuses plain http to %s, which DNS resolves, and sends nothing', async ([, baseURL], context) => {
    const server = await serveForTest(context)
    expectRefused(await errorOfCall(server, { baseURL: baseURL(server) }), server, 'config.baseURL')
  })

  it.for([
    ['an empty query', (url: string) => `${url}?`],
    ['an empty fragment', (url: string) => `${url}#`],
    ['surrounding spaces', (url: string) => ` ${url} `],
    ['a tab inside', (url: string) => `${url}/v\t0`],
  ] as const)('refuses one with %s, and sends nothing', async ([, baseURL], context) => {
    const server = await serveForTest(context)
    expectRefused(await errorOfCall(server, { baseURL: baseURL(server.url) }), server, 'config.baseURL')
  })
})

describe.concurrent('an API key', () => {
  it.for<[string, string]>([
    ['surrounding spaces, which Headers would trim', ` ${TEST_KEY} `],
    ['a character a header can’t carry, on which Headers throws', `${TEST_KEY}é\u0100`],
  ])('with %s is refused as invalid_input, never thrown, and not sent', async ([, apiKey], context) => {
    const server = await serveForTest(context)
    for (const key of [apiKey, () => apiKey, async () => apiKey]) {
      const error = await errorOfCall(server, { apiKey: key })
      expectRefused(error, server, 'config.apiKey')
      expect(error.message).not.toContain(apiKey.trim())
    }
  })

  it('with Latin-1 characters is sent', async (context) => {
    const server = await serveForTest(context)
    const events = await drain(createChatSession({ apiKey: `${TEST_KEY}é`, baseURL: server.url }, createInput()))
    expect(events.at(-1)?.event).not.toBe('error')
    expect(server.mock.requests).toHaveLength(1)
  })

  it('is not asked for when the caller’s signal already aborted, and nothing is sent', async (context) => {
    const server = await serveForTest(context)
    let calls = 0
    const error = await errorOfCall(server, { apiKey: () => (calls++, TEST_KEY), hooks: { onRequest: () => void calls++ } }, { signal: AbortSignal.abort() })
    expect(error.type).toBe('aborted')
    expect(calls).toBe(0)
    expect(server.mock.requests).toHaveLength(0)
  })
})

describe.concurrent('a connection-level header', () => {
  it.for(['content-length', 'Transfer-Encoding', 'connection', 'keep-alive', 'expect', 'upgrade', 'host'])(
    '%s is refused in the config and in the call options, before anything is sent or retried',
    async (name, context) => {
      const server = await serveForTest(context)
      const retry = { attempts: 3, baseDelayMs: 0 }
      expectRefused(await errorOfCall(server, { headers: { [name]: '1' }, retry }), server, 'config.headers')
      expectRefused(await errorOfCall(server, { retry }, { headers: { [name]: '1' } }), server, 'options.headers')
    },
  )
})

describe.concurrent('a key a server echoes escaped', () => {
  const KEY = 'sk_AbC+dEf/GhI=jKl0123'
  const jsonEscaped = '\\u0073k_AbC+dEf\\/GhI=jKl0123'
  const percentEncoded = 'sk_AbC%2BdEf%2FGhI%3DjKl0123'

  const echoes: Array<[string, MockFault]> = [
    ['JSON-escaped in a 500 body', { type: 'status', status: 500, body: `{"detail": "bad key ${jsonEscaped}"}` }],
    ['JSON-escaped at the end of a 401 body that ends inside the key', { type: 'status', status: 401, body: `{"detail": "bad key \\u0073k_AbC+dEf` }],
    ['percent-encoded in a redirect’s Location', { type: 'status', status: 302, body: '', headers: { location: `https://elsewhere.example/login?next=Bearer%20${percentEncoded}` } }],
  ]

  it.for(echoes)('%s does not reach the error', async ([, fault], context) => {
    const server = await serveForTest(context, { fault })
    const error = await errorOfCall(server, { apiKey: KEY })
    expect(error.type).toBe('http')
    const texts = [error.message, error.type === 'http' ? error.body : '']
    expect(texts.join(' ')).toContain('[redacted]')
    // Any piece of the key's own characters would be a leak, in whichever spelling.
    for (const text of texts) expect(text).not.toMatch(/AbC|dEf|GhI|jKl0123/)
  })
})
