import { parseJsonEventStream, uiMessageChunkSchema } from 'ai'
import { describe, expect, it } from 'vitest'
import { chatFromUIMessages, toUIMessageStream, type ChatFromUIMessagesOptions, type UIMessageLike } from '../../../lib/ai-sdk/index'
import type { ChatError, ChatEvent } from '../../../lib/index'
import { createMockInkeep } from '../../../lib/testing/index'
import { drain, lastError } from '../../helpers/drain'
import { TEST_KEY } from '../../helpers/client'

const SECRET = 'a-test-secret-of-at-least-32-characters'

async function* yieldAll(events: ChatEvent[]): AsyncGenerator<ChatEvent> {
  yield* events
}

/** The parts `ai`'s own schema reads from the stream, each checked. */
async function judgedParts(stream: ReadableStream<Uint8Array>) {
  const parts = []
  for await (const result of parseJsonEventStream({ stream, schema: uiMessageChunkSchema })) {
    if (!result.success) throw new Error(`ai refused a part: ${String(result.error)}`)
    parts.push(result.value)
  }
  return parts
}

const user = (text: string): UIMessageLike => ({ id: 'u', role: 'user', parts: [{ type: 'text', text }] })
const assistant = (metadata: unknown): UIMessageLike => ({ id: 'a', role: 'assistant', parts: [{ type: 'text', text: 'An answer.' }], metadata })

/** Asks once through toUIMessageStream with `SECRET`, and returns the metadata the page would keep. */
async function firstAnswerMetadata(mock: ReturnType<typeof createMockInkeep>) {
  const events = chatFromUIMessages({ apiKey: TEST_KEY, fetch: mock.fetch }, { integrationId: 'i', messages: [user('Hi')] })
  const parts = await judgedParts(toUIMessageStream(events, { sessionSecret: SECRET }))
  const metadata = parts.find((part) => part.type === 'message-metadata')
  if (metadata?.type !== 'message-metadata') throw new Error('no metadata part')
  return metadata.messageMetadata as { chatSessionId: string; chatSessionSignature?: string }
}

async function continueWith(mock: ReturnType<typeof createMockInkeep>, metadata: unknown, options: ChatFromUIMessagesOptions) {
  const before = mock.requests.length
  const events = await drain(chatFromUIMessages({ apiKey: TEST_KEY, fetch: mock.fetch }, { integrationId: 'i', messages: [user('Hi'), assistant(metadata), user('And?')] }, options))
  return { events, sent: mock.requests.slice(before).map((request) => request.path) }
}

describe('finish reasons from the server', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('maps %j to other, which ai accepts', async (reason) => {
    const parts = await judgedParts(toUIMessageStream(yieldAll([{ event: 'message_chunk', data: { contentChunk: 'Hi', finishReason: reason } }])))
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'other' })
  })
})

describe('error text sent to the page', () => {
  const internal: ChatError = { type: 'network', message: 'No response from http://127.0.0.1:9/internal-proxy/tenant-7f3a/v0: ECONNREFUSED' }

  it('is a generic sentence by type unless onError says otherwise', async () => {
    const [masked, forwarded] = await Promise.all([
      judgedParts(toUIMessageStream(yieldAll([{ event: 'error', error: internal }]))),
      judgedParts(toUIMessageStream(yieldAll([{ event: 'error', error: internal }]), { onError: (error) => `${error.type}: ${error.message}` })),
    ])
    expect(masked.at(-1)).toEqual({ type: 'error', errorText: 'The chat service could not be reached.' })
    expect(forwarded.at(-1)).toEqual({ type: 'error', errorText: `network: ${internal.message}` })
  })

  it('falls back to the generic sentence when onError throws or gives no string', async () => {
    for (const onError of [() => { throw new Error('tenant-7f3a') }, () => 42 as unknown as string]) {
      const parts = await judgedParts(toUIMessageStream(yieldAll([{ event: 'error', error: internal }]), { onError }))
      expect(parts.at(-1)).toEqual({ type: 'error', errorText: 'The chat service could not be reached.' })
    }
  })
})

describe('session ids named by the browser', () => {
  it('signs the session id beside it in the metadata', async () => {
    const metadata = await firstAnswerMetadata(createMockInkeep())
    expect(metadata).toEqual({ chatSessionId: 'mock-session-1', chatSessionSignature: expect.stringMatching(/^[\w-]{43}$/) })
  })

  it('signs only metadata that names a session: the annotations of a v1 answer go as they are', async () => {
    const annotations = { answerConfidence: 'very_confident' }
    const events: ChatEvent[] = [{ event: 'message_chunk', data: { contentChunk: 'Hi' } }, { event: 'ai_annotations', data: annotations }]
    const parts = await judgedParts(toUIMessageStream(yieldAll(events), { sessionSecret: SECRET }))
    expect(parts.filter((part) => part.type === 'message-metadata')).toEqual([{ type: 'message-metadata', messageMetadata: { aiAnnotations: annotations } }])
  })

  it('continues a session whose signature verifies with the secret', async () => {
    const mock = createMockInkeep()
    const { sent } = await continueWith(mock, await firstAnswerMetadata(mock), { sessionSecret: SECRET })
    expect(sent).toEqual(['/v0/chat_sessions/mock-session-1/chat_results'])
  })

  it.each([
    ['no signature', (m: { chatSessionId: string }) => ({ chatSessionId: m.chatSessionId }), 'input.messages.1.metadata.chatSessionSignature'],
    ['a signature for another id', (m: { chatSessionId: string }) => ({ ...m, chatSessionId: 'mock-session-2' }), 'input.messages.1.metadata.chatSessionSignature'],
    ['a signature of the wrong type', (m: { chatSessionId: string }) => ({ ...m, chatSessionSignature: 7 }), 'input.messages.1.metadata.chatSessionSignature'],
  ])('refuses, sending nothing, a session with %s', async (_, tamper, path) => {
    const mock = createMockInkeep()
    const { events, sent } = await continueWith(mock, tamper(await firstAnswerMetadata(mock)), { sessionSecret: SECRET })
    expect(events).toHaveLength(1)
    expect(lastError(events)).toMatchObject({ type: 'invalid_input', issues: [{ path }] })
    expect(sent).toEqual([])
  })

  it('refuses a signature made with another secret', async () => {
    const mock = createMockInkeep()
    const { events, sent } = await continueWith(mock, await firstAnswerMetadata(mock), { sessionSecret: `another-${SECRET}` })
    expect(lastError(events)).toMatchObject({ type: 'invalid_input' })
    expect(sent).toEqual([])
  })

  it('refuses to continue a named session without a secret or explicit trust, and says what to pass', async () => {
    const mock = createMockInkeep()
    const { events, sent } = await continueWith(mock, { chatSessionId: 'mock-session-1' }, {})
    expect(lastError(events)).toMatchObject({ type: 'invalid_input', issues: [{ path: 'options.sessionSecret', message: expect.stringContaining('trustClientSessionId') }] })
    expect(sent).toEqual([])
  })

  it('continues an unsigned session only when trust is explicit', async () => {
    const mock = createMockInkeep()
    await drain(chatFromUIMessages({ apiKey: TEST_KEY, fetch: mock.fetch }, { integrationId: 'i', messages: [user('Hi')] }))
    const { sent } = await continueWith(mock, { chatSessionId: 'mock-session-1' }, { trustClientSessionId: true })
    expect(sent).toEqual(['/v0/chat_sessions/mock-session-1/chat_results'])
  })

  it.each([
    ['a short secret', { sessionSecret: 'short' }, 'options.sessionSecret'],
    ['a secret of the wrong type', { sessionSecret: 42 as unknown as string }, 'options.sessionSecret'],
    ['trust that is not a boolean', { trustClientSessionId: 'yes' as unknown as boolean }, 'options.trustClientSessionId'],
  ])('refuses %s even for a history naming no session', async (_, options, path) => {
    const mock = createMockInkeep()
    const events = await drain(chatFromUIMessages({ apiKey: TEST_KEY, fetch: mock.fetch }, { integrationId: 'i', messages: [user('Hi')] }, options))
    expect(lastError(events)).toMatchObject({ type: 'invalid_input', issues: [{ path }] })
    expect(mock.requests).toEqual([])
  })

  it('ends toUIMessageStream with an error and reads nothing when its sessionSecret is too short', async () => {
    let pulled = 0
    const events = (async function* (): AsyncGenerator<ChatEvent> {
      pulled++
      yield { event: 'message_chunk', data: { chatSessionId: 's', contentChunk: 'Hi' } }
    })()
    const parts = await judgedParts(toUIMessageStream(events, { sessionSecret: 'short', onError: (error) => error.message }))
    expect(parts).toEqual([{ type: 'start' }, { type: 'error', errorText: expect.stringContaining('options.sessionSecret') }])
    expect(pulled).toBe(0)
  })
})
