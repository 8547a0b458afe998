import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { maskChatError, readChatEvents, toEventStream, toEventStreamResponse, verifyChatSessionId, type ChatError, type ChatEvent } from '../../lib/index'
import { drain, lastError } from '../helpers/drain'
import { parsedEventsOf, textOf } from '../helpers/event-stream'
import { chatError } from '../fixtures/chat-event-arbitraries'

const SECRET = 'a-test-secret-of-at-least-32-characters'

async function* yieldAll(events: ChatEvent[]): AsyncGenerator<ChatEvent> {
  yield* events
}

/** What a page reading the relay gets for `error`, through the package's own reader. */
async function relayed(error: ChatError, options: Parameters<typeof toEventStream>[1] = {}): Promise<ChatError> {
  return lastError(await drain(readChatEvents(toEventStreamResponse(yieldAll([{ event: 'error', error }]), options))))
}

/** Every string a value holds, keys excluded. */
const stringsIn = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : typeof value === 'object' && value !== null ? Object.values(value).flatMap(stringsIn) : []

describe('errors relayed to a page', () => {
  it('keep their type and numeric fields, and lose every text from outside, by default', async () => {
    const errors: ChatError[] = [
      { type: 'network', message: 'No response from http://127.0.0.1:9/internal-proxy/tenant-7f3a/v0: ECONNREFUSED' },
      { type: 'invalid_input', message: 'Invalid input: config.apiKey failed when called: vault https://vault.internal:8200 token=s.XYZ denied', issues: [{ path: 'config.apiKey', message: 'failed when called: vault https://vault.internal:8200 token=s.XYZ denied' }] },
      { type: 'http', message: 'The server answered 503: tenant-7f3a', status: 503, body: 'tenant-7f3a', retryAfterMs: 2000 },
      { type: 'http_validation', message: 'The server rejected the request (422): tenant-7f3a', status: 422, detail: [{ loc: ['body', 'tenant-7f3a'], msg: 'tenant-7f3a', type: 'x' }] },
      { type: 'invalid_response', message: 'Invalid response: tenant-7f3a', raw: 'tenant-7f3a' },
      { type: 'stream_interrupted', message: 'The stream broke after 3 events: tenant-7f3a', eventsReceived: 3 },
      { type: 'timeout', message: 'No response bytes for 5 ms', phase: 'idle', ms: 5 },
      { type: 'hook', message: 'The onRequest hook failed: tenant-7f3a', hook: 'onRequest' },
      { type: 'aborted', message: 'The request was aborted by the caller' },
    ]
    for (const error of errors) {
      const got = await relayed(error)
      expect(got.type).toBe(error.type)
      expect(JSON.stringify(got)).not.toMatch(/tenant-7f3a|vault|127\.0\.0\.1/)
      expect(got.message).toMatch(/^[A-Z][^:]*\.$/)
      expect(got).toMatchObject(Object.fromEntries(Object.entries(error).filter(([, value]) => typeof value === 'number')))
    }
  })

  it('pass whole with onError: (error) => error, and as onError rewrites them otherwise', async () => {
    await fc.assert(
      fc.asyncProperty(chatError, async (error) => {
        expect(await relayed(error, { onError: (e) => e })).toStrictEqual(error)
      }),
      { numRuns: 100 },
    )
    expect(await relayed({ type: 'aborted', message: 'x' }, { onError: () => ({ type: 'network', message: 'Try again' }) })).toEqual({ type: 'network', message: 'Try again' })
  })

  it('are masked when onError throws or returns what JSON cannot write', async () => {
    const error: ChatError = { type: 'network', message: 'No response from http://10.0.0.7/internal' }
    for (const onError of [() => { throw new Error('10.0.0.7') }, () => ({ type: 'network', message: 1n }) as unknown as ChatError]) {
      expect(await relayed(error, { onError })).toEqual({ type: 'network', message: 'The chat service could not be reached.' })
    }
  })

  it('maskChatError gives a valid error for any error, and never throws for hostile ones', async () => {
    await fc.assert(
      fc.asyncProperty(chatError, async (error) => {
        const masked = maskChatError(error)
        expect(masked.type).toBe(error.type)
        // The masked error reads back through the relay as itself: a page's reader accepts it.
        expect(await relayed(masked, { onError: (e) => e })).toStrictEqual(masked)
        // Its only texts are its own message and the names the union fixes (type, phase, hook): none is the error's.
        const named = [masked.type, (masked as { phase?: string }).phase, (masked as { hook?: string }).hook, masked.message, '']
        expect(stringsIn(masked).filter((text) => !named.includes(text))).toEqual([])
        expect(stringsIn(error)).not.toContain(masked.message)
      }),
      { numRuns: 200 },
    )
    const hostile = Object.defineProperty({}, 'type', { get: () => { throw new Error('boom') } })
    expect(maskChatError(hostile)).toEqual({ type: 'network', message: 'The chat service could not be reached.' })
    expect(maskChatError({ type: 'timeout', get phase() { throw new Error('x') }, ms: 'soon' })).toEqual({ type: 'timeout', message: expect.any(String), phase: 'response', ms: 0 })
  })
})

describe('session ids relayed to a page', () => {
  const answer: ChatEvent[] = [
    { event: 'message_chunk', data: { chatSessionId: 'session-1', contentChunk: 'Hi' } },
    { event: 'message_chunk', data: { contentChunk: '!' } },
    { event: 'chat_result', data: { chatSessionId: 'session-1', message: { role: 'assistant', content: 'Hi!' } } },
  ]

  it('carry a signature beside them with a sessionSecret, which verifyChatSessionId accepts for that id only', async () => {
    const events = await drain(readChatEvents(toEventStreamResponse(yieldAll(answer), { sessionSecret: SECRET })))
    const [first, second, result] = events as [ChatEvent & { event: 'message_chunk' }, ChatEvent & { event: 'message_chunk' }, ChatEvent & { event: 'chat_result' }]
    const signature = first.data.chatSessionSignature
    expect(signature).toMatch(/^[\w-]{43}$/)
    expect(second.data).toStrictEqual({ contentChunk: '!' })
    expect(result.data.chatSessionSignature).toBe(signature)
    expect(await verifyChatSessionId(SECRET, 'session-1', signature)).toBe(true)
    expect(await verifyChatSessionId(SECRET, 'session-2', signature)).toBe(false)
    expect(await verifyChatSessionId(`other-${SECRET}`, 'session-1', signature)).toBe(false)
  })

  it('leave a v1 answer, which names no session, as it is, even with a sessionSecret', async () => {
    const v1: ChatEvent[] = [
      { event: 'message_chunk', data: { contentChunk: 'Hi' } },
      { event: 'ai_annotations', data: { answerConfidence: 'very_confident' } },
      { event: 'tool_call', data: { id: 'call-1', name: 'escalate', arguments: {}, argumentsText: '{}' } },
    ]
    expect(await drain(readChatEvents(toEventStreamResponse(yieldAll(v1), { sessionSecret: SECRET })))).toStrictEqual(v1)
  })

  it('are written as they are without a sessionSecret', async () => {
    expect(await drain(readChatEvents(toEventStreamResponse(yieldAll(answer))))).toStrictEqual(answer)
  })

  it('end the stream with invalid_input, reading nothing, for a sessionSecret that is too short', async () => {
    let pulled = 0
    const source = (async function* (): AsyncGenerator<ChatEvent> {
      pulled++
      yield* answer
    })()
    const parsed = parsedEventsOf(await textOf(toEventStream(source, { sessionSecret: 'short', onError: (e) => e })))
    expect(parsed[0]).toMatchObject({ event: 'error', error: { type: 'invalid_input', issues: [{ path: 'options.sessionSecret' }] } })
    expect(pulled).toBe(0)
  })
})

describe('verifyChatSessionId', () => {
  it('is false, never a throw, for values of any type a request body may hold', async () => {
    const values = [undefined, null, 1, {}, [], '', '!!!', 'a'.repeat(43), 'x'.repeat(10_000)]
    for (const id of values) for (const signature of values) expect(await verifyChatSessionId(SECRET, id, signature)).toBe(false)
    expect(await verifyChatSessionId('short', 'session-1', 'a'.repeat(43))).toBe(false)
  })

  it('refuses a signature changed in any one character', async () => {
    const [event] = await drain(readChatEvents(toEventStreamResponse(yieldAll([{ event: 'message_chunk', data: { chatSessionId: 's', contentChunk: '' } }]), { sessionSecret: SECRET })))
    const signature = (event as ChatEvent & { event: 'message_chunk' }).data.chatSessionSignature!
    for (let index = 0; index < signature.length; index++) {
      const changed = signature.slice(0, index) + (signature[index] === 'A' ? 'B' : 'A') + signature.slice(index + 1)
      expect(await verifyChatSessionId(SECRET, 's', changed)).toBe(false)
    }
  })
})
