import { describe, expect, it } from 'vitest'
import {
  DEFAULT_BASE_URL,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_EVENT_BYTES,
  DEFAULT_RETRY_ATTEMPTS,
  DEFAULT_TIMEOUT_MS,
  parseConfig,
} from '../../lib/call/config'
import { resolveConfig } from '../helpers/config'

const KEY = 'sk-config-test-key'

describe('resolveConfig', () => {
  it('applies every documented default', async () => {
    const resolved = await resolveConfig({ apiKey: KEY })
    expect(resolved.ok).toBe(true)
    if (!resolved.ok) return
    expect(resolved.value).toMatchObject({
      apiKey: KEY,
      baseURL: DEFAULT_BASE_URL,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS,
      maxEventBytes: DEFAULT_MAX_EVENT_BYTES,
      retry: { attempts: DEFAULT_RETRY_ATTEMPTS },
    })
    expect(DEFAULT_BASE_URL).toBe('https://api.inkeep.com')
    expect(DEFAULT_MAX_EVENT_BYTES).toBeGreaterThanOrEqual(8 * 1024 * 1024)
    expect(DEFAULT_MAX_EVENT_BYTES).toBeLessThanOrEqual(16 * 1024 * 1024)
  })

  it('lets per-call options override the timeout and merge headers case-insensitively', async () => {
    const resolved = await resolveConfig(
      { apiKey: KEY, timeoutMs: 5000, headers: { 'X-Team': 'docs', 'X-Trace': 'a' } },
      { timeoutMs: 100, headers: [['x-trace', 'b']] },
    )
    if (!resolved.ok) throw new Error(resolved.error.message)
    expect(resolved.value.timeoutMs).toBe(100)
    expect(resolved.value.headers.get('x-team')).toBe('docs')
    expect(resolved.value.headers.get('X-TRACE')).toBe('b')
  })

  it('accepts retry delays of 0, for retrying at once', async () => {
    const resolved = await resolveConfig({ apiKey: KEY, retry: { baseDelayMs: 0, maxDelayMs: 0 } })
    expect(resolved.ok && resolved.value.retry).toEqual({ attempts: 3, baseDelayMs: 0, maxDelayMs: 0 })
  })

  it('turns retries off with retry: false', async () => {
    const resolved = await resolveConfig({ apiKey: KEY, retry: false })
    expect(resolved.ok && resolved.value.retry.attempts).toBe(1)
  })

  it('strips trailing slashes from baseURL and keeps its path prefix', async () => {
    const resolved = await resolveConfig({ apiKey: KEY, baseURL: 'https://proxy.example.com/inkeep/' })
    expect(resolved.ok && resolved.value.baseURL).toBe('https://proxy.example.com/inkeep')
  })

  it('calls an apiKey function once and uses what it returns', async () => {
    let calls = 0
    const resolved = await resolveConfig({ apiKey: async () => `${KEY}-${++calls}` })
    expect(resolved.ok && resolved.value.apiKey).toBe(`${KEY}-1`)
    expect(calls).toBe(1)
  })

  it.each([
    ['a missing apiKey', { apiKey: undefined }, 'config.apiKey'],
    ['an apiKey that is neither a string nor a function', { apiKey: 42 }, 'config.apiKey'],
    ['an empty apiKey', { apiKey: '' }, 'config.apiKey'],
    ['an apiKey with CR/LF', { apiKey: `${KEY}\r\nX-Evil: 1` }, 'config.apiKey'],
    ['an apiKey function returning an empty string', { apiKey: () => '' }, 'config.apiKey'],
    ['a baseURL that is not a URL', { apiKey: KEY, baseURL: 'api.inkeep.com' }, 'config.baseURL'],
    ['a baseURL that is not http(s)', { apiKey: KEY, baseURL: 'ftp://api.inkeep.com' }, 'config.baseURL'],
    ['plain http to a host that is not loopback', { apiKey: KEY, baseURL: 'http://api.inkeep.com' }, 'config.baseURL'],
    ['a baseURL with credentials', { apiKey: KEY, baseURL: 'https://user:pass@api.inkeep.com' }, 'config.baseURL'],
    ['a zero timeout', { apiKey: KEY, timeoutMs: 0 }, 'config.timeoutMs'],
    ['a timeout beyond what timers hold', { apiKey: KEY, idleTimeoutMs: 2 ** 31 }, 'config.idleTimeoutMs'],
    ['a header value with a line break', { apiKey: KEY, headers: { 'x-a': 'b\r\nx-c: d' } }, 'config.headers'],
    ['retry attempts of 0', { apiKey: KEY, retry: { attempts: 0 } }, 'config.retry'],
    ['retry attempts of 11', { apiKey: KEY, retry: { attempts: 11 } }, 'config.retry'],
    ['fractional retry attempts', { apiKey: KEY, retry: { attempts: 1.5 } }, 'config.retry'],
    ['a fractional timeout', { apiKey: KEY, timeoutMs: 1.5 }, 'config.timeoutMs'],
    ['a maxEventBytes under 1024', { apiKey: KEY, maxEventBytes: 1023 }, 'config.maxEventBytes'],
    ['a maxEventBytes over 2^30', { apiKey: KEY, maxEventBytes: 2 ** 30 + 1 }, 'config.maxEventBytes'],
    ['retry: true', { apiKey: KEY, retry: true }, 'config.retry'],
    ['a negative retry delay', { apiKey: KEY, retry: { baseDelayMs: -1 } }, 'config.retry'],
    ['a fetch that is not a function', { apiKey: KEY, fetch: 'fetch' }, 'config.fetch'],
  ])('refuses %s', async (_, config, path) => {
    const resolved = await resolveConfig(config as never)
    expect(resolved.ok).toBe(false)
    if (resolved.ok) return
    expect(resolved.error.type).toBe('invalid_input')
    expect(resolved.error.issues.map((issue) => issue.path)).toContainEqual(expect.stringMatching(new RegExp(`^${path.replace('.', '\\.')}`)))
  })

  it.each(['http://localhost:8080', 'http://127.0.0.1:3000', 'http://127.1.2.3', 'http://[::1]:3000', 'http://[0:0:0:0:0:0:0:1]', 'http://LOCALHOST'])(
    'accepts plain http to the loopback host %s',
    async (baseURL) => {
      expect((await resolveConfig({ apiKey: KEY, baseURL })).ok).toBe(true)
    },
  )

  it.each(['http://foo.localhost:1234', 'http://localhost.:1234', 'http://localhost.example.com', 'http://127.0.0.1.nip.io', 'http://[::ffff:127.0.0.1]'])(
    'refuses plain http to %s, which only DNS would call loopback',
    async (baseURL) => {
      const resolved = await resolveConfig({ apiKey: KEY, baseURL })
      expect(resolved.ok ? [] : resolved.error.issues.map((issue) => issue.path)).toEqual(['config.baseURL'])
    },
  )

  it('accepts https to any host, a *.localhost one included', async () => {
    expect((await resolveConfig({ apiKey: KEY, baseURL: 'https://app.localhost:8443' })).ok).toBe(true)
  })

  it.each([
    ['an empty query', 'https://api.inkeep.com?'],
    ['an empty query on loopback', 'http://localhost:1234/?'],
    ['an empty fragment', 'https://api.inkeep.com#'],
    ['a query', 'https://api.inkeep.com/?a=1'],
    ['surrounding spaces', ' https://api.inkeep.com '],
    ['a leading space', ' https://api.inkeep.com'],
    ['a trailing newline', 'https://api.inkeep.com\n'],
    ['a tab inside', 'https://api.inkeep.com/v\t0'],
    ['a line break inside the host', 'https://api.\r\ninkeep.com'],
  ])('refuses a baseURL with %s, which the URL parser hides while the raw string is sent', async (_, baseURL) => {
    const resolved = await resolveConfig({ apiKey: KEY, baseURL })
    expect(resolved.ok ? [] : resolved.error.issues.map((issue) => issue.path)).toEqual(['config.baseURL'])
  })

  it.each([
    ['a leading space', ' sk-key'],
    ['a trailing space', 'sk-key '],
    ['a trailing tab', 'sk-key\t'],
    ['a character above U+00FF', 'sk-é\u0100'],
    ['an emoji', 'sk-🔑'],
    ['a control character', 'sk-\u0001key'],
    ['DEL', 'sk-key\u007f'],
    ['only spaces', '   '],
  ])('refuses an apiKey with %s, which a header can’t carry as it is', async (_, apiKey) => {
    const parsed = parseConfig({ apiKey })
    expect(parsed.ok ? [] : parsed.error.map((issue) => issue.path)).toEqual(['config.apiKey'])
    expect(parsed.ok ? '' : parsed.error[0]?.message).toMatch(/^must be /)
  })

  it.each([
    ['a leading space', ' sk-key'],
    ['a character above U+00FF', 'sk-é\u0100'],
    ['a trailing newline', 'sk-key\n'],
  ])('refuses what an apiKey function returns with %s, saying what it must return', async (_, key) => {
    const resolved = await resolveConfig({ apiKey: async () => key })
    expect(resolved.ok ? [] : resolved.error.issues.map((issue) => issue.path)).toEqual(['config.apiKey'])
    expect(resolved.ok ? '' : resolved.error.message).toMatch(/^Invalid input: config\.apiKey must return /)
    expect(resolved.ok ? '' : resolved.error.message).not.toContain(key.trim())
  })

  it('accepts a key with Latin-1 characters, and with spaces or tabs between its characters', async () => {
    for (const apiKey of ['sk-é', 'sk a\tb', '!~', 'k']) expect((await resolveConfig({ apiKey })).ok, apiKey).toBe(true)
  })

  it.each(['content-length', 'Transfer-Encoding', 'connection', 'KEEP-ALIVE', 'expect', 'upgrade', 'Host'])(
    'refuses the connection-level header %s in the config and in the call options',
    async (name) => {
      const resolved = await resolveConfig({ apiKey: KEY, headers: { [name]: '1' } }, { headers: [[name, '1']] })
      const message = 'must not set connection-level headers (content-length, transfer-encoding, connection, keep-alive, expect, upgrade, host)'
      expect(resolved.ok ? [] : resolved.error.issues).toEqual([
        { path: 'config.headers', message },
        { path: 'options.headers', message },
      ])
    },
  )

  it('parses a config without calling its apiKey function', () => {
    let calls = 0
    const parsed = parseConfig({ apiKey: () => `${KEY}-${++calls}` })
    expect(parsed.ok).toBe(true)
    expect(calls).toBe(0)
  })

  it('states the whole rule for a duration in one message', async () => {
    const resolved = await resolveConfig({ apiKey: KEY, timeoutMs: 0.5 })
    expect(resolved.ok ? [] : resolved.error.issues).toEqual([
      { path: 'config.timeoutMs', message: 'must be a whole number of milliseconds from 1 to 2147483647' },
    ])
  })

  it.each([
    ['a timeout that fails two range checks at once', { timeoutMs: -0.5 }, 'config.timeoutMs', 'must be a whole number of milliseconds from 1 to 2147483647'],
    ['a maxEventBytes that is not a number', { maxEventBytes: '1MB' }, 'config.maxEventBytes', 'must be a whole number of bytes from 1024 to 1073741824'],
    ['a baseURL that is not a string', { baseURL: 42 }, 'config.baseURL', 'must be an https: URL (or http: to localhost, 127.0.0.0/8 or [::1]) without credentials, "?", "#", surrounding spaces, tabs or line breaks'],
    ['an apiKey that is a number', { apiKey: 42 }, 'config.apiKey', 'must be a string, or a function returning one'],
    ['retry: true', { retry: true }, 'config.retry', 'must be false or { attempts, baseDelayMs, maxDelayMs }'],
    ['retry attempts given as a string', { retry: { attempts: '3' } }, 'config.retry.attempts', 'must be a whole number from 1 to 10'],
    ['a fetch that is not a function', { fetch: 'fetch' }, 'config.fetch', 'must be a fetch function'],
  ])('reports %s as one issue at its own path, stating the rule', async (_, fields, path, message) => {
    const resolved = await resolveConfig({ apiKey: KEY, ...fields } as never)
    expect(resolved.ok ? [] : resolved.error.issues).toEqual([{ path, message }])
  })

  it('refuses an AbortSignal that is not one', async () => {
    const resolved = await resolveConfig({ apiKey: KEY }, { signal: {} as AbortSignal })
    expect(!resolved.ok && resolved.error.issues[0]?.path).toBe('options.signal')
  })

  it.each([
    ['a hook that is not a function', { onRequest: 'log' }, 'config.hooks.onRequest', 'must be a function or an array of functions'],
    ['an array of hooks holding something else', { onResponse: [() => {}, null] }, 'config.hooks.onResponse', 'must be a function or an array of functions'],
    ['a misspelt hook name', { onRequests: () => {} }, 'config.hooks.onRequests', 'is not a hook: the hooks are onRequest, onRequestError, onResponse or onResponseError'],
    ['hooks that are a function', () => {}, 'config.hooks', 'must be an object with onRequest, onRequestError, onResponse or onResponseError, each a function or an array of functions'],
  ])('refuses %s with a message that says what hooks may be', async (_, hooks, path, message) => {
    const resolved = await resolveConfig({ apiKey: KEY, hooks: hooks as never })
    expect(resolved.ok ? [] : resolved.error.issues).toEqual([{ path, message }])
  })

  it('accepts each hook as a function or an array of functions, and no hooks at all', async () => {
    const hook = () => {}
    const hooks = { onRequest: hook, onRequestError: [hook, hook], onResponse: [], onResponseError: undefined }
    const resolved = await resolveConfig({ apiKey: KEY, hooks })
    expect(resolved.ok && resolved.value.hooks).toEqual(hooks)
    expect((await resolveConfig({ apiKey: KEY })).ok).toBe(true)
  })

  it('merges fetchOptions field by field, the call’s winning, and keeps their values as they are', async () => {
    const dispatcher = { dispatch() {} }
    const resolved = await resolveConfig({ apiKey: KEY, fetchOptions: { keepalive: true, priority: 'low', dispatcher } }, { fetchOptions: { priority: 'high' } })
    expect(resolved.ok && resolved.value.fetchOptions).toEqual({ keepalive: true, priority: 'high', dispatcher })
    expect(resolved.ok && resolved.value.fetchOptions.dispatcher).toBe(dispatcher)
  })

  it('names each fetchOptions field the package owns, in the config and in the call options', async () => {
    const owned = { method: 'GET', body: 'x', headers: {}, signal: AbortSignal.abort(), redirect: 'follow', window: null }
    const resolved = await resolveConfig({ apiKey: KEY, fetchOptions: owned }, { fetchOptions: { redirect: 'follow' }, })
    expect(resolved.ok ? [] : resolved.error.issues.map((issue) => issue.path)).toEqual([
      ...Object.keys(owned).map((field) => `config.fetchOptions.${field}`),
      'options.fetchOptions.redirect',
    ])
    expect(resolved.ok ? '' : resolved.error.message).toContain('options.fetchOptions.redirect is set by the package: redirects are never followed')
  })

  it('refuses fetchOptions that are not an object', async () => {
    const resolved = await resolveConfig({ apiKey: KEY }, { fetchOptions: 'keepalive' as never })
    expect(resolved.ok ? [] : resolved.error.issues).toEqual([{ path: 'options.fetchOptions', message: 'must be an object of fetch options' }])
  })

  it('reports an apiKey function that throws as invalid input', async () => {
    const resolved = await resolveConfig({ apiKey: () => { throw new Error('vault unavailable') } })
    expect(!resolved.ok && resolved.error.message).toContain('vault unavailable')
  })
})
