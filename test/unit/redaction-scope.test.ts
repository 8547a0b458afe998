import { describe, expect, it } from 'vitest'
import { collectChatResult, createChatSession, type ChatConfig, type ChatError, type FetchFunction } from '../../lib/index'
import { drain, lastError } from '../helpers/drain'
import { createInput } from '../helpers/client'

// The key is removed from text that came from outside the package, never from the package's own
// wording or issue paths. Short keys, which tests use since the mock takes any key, and keys that are
// words of the package's messages must leave every message as a long key does. The server's and
// fetch's text below ('ouch') holds none of these keys, so any difference is a garbled own message.

const LONG_KEY = 'sk-live-Zq8vR2mN5xT1wY7kP4jL9hB3cF6dG0sA'
const SHORT_KEYS = ['k', 'key', 'http', 'Invalid', 'input', 'response', 'The server answered', 'must be']

const sse = (text: string): Response => new Response(text, { headers: { 'content-type': 'text/event-stream' } })
const returning = (make: () => Response): FetchFunction => async () => make()

/** A body that delivers one event, then breaks with `ouch`. */
const breaking = (): Response => {
  let pulls = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulls++ === 0) controller.enqueue(new TextEncoder().encode('event: ping\ndata: p\n\n'))
      else controller.error(new Error('ouch'))
    },
  })
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
}

type Scenario = [string, Partial<ChatConfig>, unknown?, { signal?: AbortSignal }?]
const scenarios: Scenario[] = [
  ['invalid_input for the config', { timeoutMs: 0, retry: { attempts: 0 }, hooks: { onRequests: () => {} } as never, fetchOptions: { redirect: 'follow' } }],
  ['invalid_input for the input', {}, { chatSession: { messages: [{ role: 'bot' }] } }],
  ['invalid_input for the call options', {}, createInput(), { signal: {} as AbortSignal }],
  ['http', { fetch: returning(() => new Response('ouch', { status: 500 })) }],
  ['http_validation', { fetch: returning(() => Response.json({ detail: [{ loc: ['body', 'integration_id'], msg: 'ouch', type: 'ouch' }] }, { status: 422 })) }],
  ['http for a redirect', { fetch: returning(() => new Response(null, { status: 302, headers: { location: '/ouch' } })) }],
  ['network', { fetch: async () => { throw new Error('ouch') } }],
  ['network for a fetch that resolves to no Response', { fetch: (async () => undefined) as never }],
  ['stream_interrupted', { fetch: returning(breaking) }],
  ['hook', { fetch: returning(() => sse('')), hooks: { onRequest: () => { throw new Error('ouch') } } }],
  ['hook for a body read by a hook', { fetch: returning(() => sse('data: p\n\n')), hooks: { onResponse: async ({ response }) => void (await response?.text()) } }],
  ['invalid_response for an unexpected content type', { fetch: returning(() => new Response('ouch', { headers: { 'content-type': 'text/plain' } })) }],
  ['invalid_response for an event that fails its schema', { fetch: returning(() => sse('event: message_chunk\ndata: {"content_chunk": 1}\n\n')) }],
  ['invalid_response for an event that is not JSON', { fetch: returning(() => sse('event: records_cited\ndata: ouch\n\n')) }],
  ['invalid_response for a JSON answer that fails its schema', { fetch: returning(() => Response.json({ chat_session_id: 's' })) }],
  ['invalid_response for an event larger than maxEventBytes', { fetch: returning(() => sse(`data: ${'o'.repeat(2000)}\n\n`)), maxEventBytes: 1024 }],
  ['timeout', { fetch: () => new Promise<Response>(() => {}), timeoutMs: 20 }],
  ['aborted', { fetch: returning(() => sse('')) }, createInput(), { signal: AbortSignal.abort() }],
]

const errorFor = async (apiKey: string, [, config, input = createInput(), options]: Scenario): Promise<ChatError> =>
  lastError(await drain(createChatSession({ apiKey, retry: false, ...config }, input as never, options)))

describe('redaction leaves the package’s own messages whole', () => {
  it.for(scenarios)('in %s, whatever the key', async (scenario) => {
    const expected = await errorFor(LONG_KEY, scenario)
    expect(expected.message).not.toContain('[redacted]')
    for (const key of SHORT_KEYS) {
      const error = await errorFor(key, scenario)
      expect({ key, type: error.type, message: error.message }).toEqual({ key, type: expected.type, message: expected.message })
      if (error.type === 'invalid_input' && expected.type === 'invalid_input') expect(error.issues).toEqual(expected.issues)
    }
  })

  it('in the answer collectChatResult gathers, even one that names no chat session', async () => {
    const result = await collectChatResult(createChatSession({ apiKey: 'k', fetch: returning(() => sse('event: message_chunk\ndata: {"content_chunk":"ok"}\n\n')) }, createInput()))
    expect(result).toStrictEqual({ ok: true, value: { message: { role: 'assistant', content: 'ok', recordsCited: { citations: [] } } } })
  })

  it('while still removing a short key from the server’s text', async () => {
    const error = await errorFor('key', ['http', { fetch: returning(() => new Response('bad key', { status: 401 })) }])
    expect(error).toEqual({ type: 'http', status: 401, body: 'bad [redacted]', message: 'The server answered 401: bad [redacted]' })
  })
})
