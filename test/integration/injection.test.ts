import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { continueChatSession, createChatSession, type ChatEvent } from '../../lib/index'
import { drain } from '../helpers/drain'
import { createInput, startMockServer, TEST_KEY } from '../helpers/server'

// What the server parses is what counts: each hostile value either arrives exactly as given, in one
// encoded path segment or one JSON string, or is refused as invalid_input with nothing sent.

const HOSTILE = ['..', '.', '%2e%2e', '%2E%2E', '.%2e', '../../admin', 'a/../../b', '?admin=1', '#frag', 'a\r\nX-Injected: 1', 'a\0b', '\\..\\', ' ', '..;', '%00', '%0d%0aX-Injected:%201']

const isInvalidInput = (events: ChatEvent[]): boolean => events.length === 1 && events[0]?.event === 'error' && events[0].error.type === 'invalid_input'

/** Characters that mean something in a URL or an HTTP header, mixed with any other. */
const hostileText = fc.string({
  unit: fc.oneof(fc.constantFrom('.', '/', '\\', '?', '#', '%', '2', 'e', 'E', '\r', '\n', '\0', ' ', ';', ':', '@', '&', '='), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
  maxLength: 12,
})

describe('hostile identifiers', () => {
  it('sends any chatSessionId as one path segment the server decodes back to it, or refuses it', async () => {
    const server = await startMockServer()
    const config = { apiKey: TEST_KEY, baseURL: server.url, retry: false as const }
    let refused = 0
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...HOSTILE), hostileText), async (chatSessionId) => {
        const before = server.mock.requests.length
        const events = await drain(continueChatSession(config, { chatSessionId, integrationId: 'i', message: { role: 'user', content: 'x' } }))
        if (isInvalidInput(events)) {
          refused++
          expect(['', '.', '..']).toContain(chatSessionId)
          expect(server.mock.requests).toHaveLength(before)
          return
        }
        expect(server.mock.requests).toHaveLength(before + 1)
        const { path, headers } = server.mock.requests[before]!
        const segments = path.split('/')
        expect(segments).toHaveLength(5)
        expect([segments[1], segments[2], segments[4]]).toEqual(['v0', 'chat_sessions', 'chat_results'])
        expect(decodeURIComponent(segments[3]!)).toBe(chatSessionId)
        expect(headers.has('x-injected')).toBe(false)
        // The mock knows no such session: the request reached the continue route, not another one.
        expect(events.at(-1)).toMatchObject({ event: 'error', error: { type: 'http', status: 404 } })
      }),
      { numRuns: 150 },
    )
    expect(refused).toBeGreaterThan(0)
  })

  it('sends any integrationId as a JSON string that arrives unchanged, never as a header or path', async () => {
    const server = await startMockServer()
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...HOSTILE), hostileText.filter((text) => text.length > 0)), async (integrationId) => {
        const before = server.mock.requests.length
        await drain(createChatSession({ apiKey: TEST_KEY, baseURL: server.url }, { ...createInput(), integrationId }))
        const record = server.mock.requests[before]!
        expect(record.path).toBe('/v0/chat_sessions/chat_results')
        expect((record.body as { integration_id: string }).integration_id).toBe(integrationId)
        expect(record.headers.has('x-injected')).toBe(false)
      }),
      { numRuns: 100 },
    )
  })

  it.each([
    ['a CR/LF in a config header value', { headers: { 'x-trace': 'a\r\nx-injected: 1' } }, {}],
    ['a lone LF in a config header value', { headers: { 'x-trace': 'a\nx-injected: 1' } }, {}],
    ['a NUL in a config header value', { headers: { 'x-trace': 'a\0b' } }, {}],
    ['a header name with a colon', { headers: { 'x-injected: 1\r\nx-a': 'b' } }, {}],
    ['a header name with a space', { headers: { 'x a': 'b' } }, {}],
    ['a CR/LF in a per-call header value', {}, { headers: { 'x-trace': 'a\r\nx-injected: 1' } }],
    ['a CR/LF in the key', { apiKey: `${TEST_KEY}\r\nx-injected: 1` }, {}],
  ])('refuses %s as invalid_input and sends nothing', async (_, config, options) => {
    const server = await startMockServer()
    const events = await drain(createChatSession({ apiKey: TEST_KEY, baseURL: server.url, ...config }, createInput(), options))
    expect(isInvalidInput(events)).toBe(true)
    expect(server.mock.requests).toHaveLength(0)
  })
})
