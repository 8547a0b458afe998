import { DefaultChatTransport, readUIMessageStream, type UIMessage } from 'ai'
import { describe, expect, it } from 'vitest'
import { chatFromUIMessages, toUIMessageStreamResponse, type UIMessageStreamResponseInit } from '../../lib/ai-sdk/index'
import type { ChatConfig } from '../../lib/index'
import type { MockInkeepOptions } from '../../lib/testing/index'
import { serveHandler, type Handler } from '../helpers/handler-server'
import { startMockServer, TEST_KEY } from '../helpers/server'

const INTEGRATION_ID = 'integration-1'
const SESSION_SECRET = 'a-test-secret-of-at-least-32-characters'

interface RouteOptions {
  apiKey?: string
  /** `false` leaves cancelling to the response body. */
  useSignal?: boolean
  onError?: UIMessageStreamResponseInit['onError']
}

/** The route a user writes, in front of the mock Inkeep server, signing and checking session ids as the README's does. */
async function startRoute(mockOptions: MockInkeepOptions = {}, { apiKey = TEST_KEY, useSignal = true, onError }: RouteOptions = {}) {
  const mock = await startMockServer({ apiKey: TEST_KEY, ...mockOptions })
  const config: ChatConfig = { apiKey, baseURL: mock.url, retry: false }
  const handler: Handler = async (request) => {
    const { messages } = await request.json()
    const options = { sessionSecret: SESSION_SECRET, ...(useSignal ? { signal: request.signal } : {}) }
    return toUIMessageStreamResponse(chatFromUIMessages(config, { integrationId: INTEGRATION_ID, messages }, options), { sessionSecret: SESSION_SECRET, onError })
  }
  const route = await serveHandler(handler)
  return { mock, route, transport: new DefaultChatTransport<UIMessage>({ api: `${route.url}/api/chat`, fetch: globalThis.fetch }) }
}

const userMessage = (id: string, text: string): UIMessage => ({ id, role: 'user', parts: [{ type: 'text', text }] })

/** Sends `messages` as `useChat` does and reads the answer into its final `UIMessage`, collecting stream errors. */
async function ask(transport: DefaultChatTransport<UIMessage>, messages: UIMessage[], abortSignal?: AbortSignal) {
  const stream = await transport.sendMessages({ trigger: 'submit-message', chatId: 'chat-1', messageId: undefined, abortSignal, messages })
  const errors: Error[] = []
  let message: UIMessage | undefined
  for await (const snapshot of readUIMessageStream<UIMessage>({ stream, onError: (error) => errors.push(error as Error) })) message = snapshot
  return { message, errors }
}

async function drainChunks(reader: ReadableStreamDefaultReader<unknown>): Promise<void> {
  while (!(await reader.read()).done);
}

/** Asks `question`, reads until the first text arrives, then aborts as a page's Stop button does. */
async function abortAfterFirstText(transport: DefaultChatTransport<UIMessage>, question: string): Promise<void> {
  const aborter = new AbortController()
  const stream = await transport.sendMessages({ trigger: 'submit-message', chatId: 'chat-1', messageId: undefined, abortSignal: aborter.signal, messages: [userMessage('u1', question)] })
  const reader = stream.getReader()
  const seen: string[] = []
  while (!seen.includes('text-delta')) seen.push((await reader.read()).value!.type)
  aborter.abort()
  // Read on until the abort surfaces: the parts already buffered may come first.
  await expect(drainChunks(reader)).rejects.toThrow(/abort/i)
}

const textOf = (message: UIMessage | undefined): string =>
  (message?.parts ?? []).map((part) => (part.type === 'text' ? part.text : '')).join('')

describe('the AI SDK client reading a route built on chatFromUIMessages and toUIMessageStreamResponse', () => {
  it('turns a streamed answer into one UIMessage with the whole text, the citations as sources and the session id', async () => {
    const { mock, transport } = await startRoute({ answer: { text: 'Install the package, then ask a question. It streams.', chunkSize: 5 } })
    const { message, errors } = await ask(transport, [userMessage('u1', 'How do I start?')])

    expect(errors).toEqual([])
    expect(message?.role).toBe('assistant')
    expect(textOf(message)).toBe('Install the package, then ask a question. It streams.')
    expect(message?.parts.filter((part) => part.type === 'text')).toMatchObject([{ state: 'done' }])
    expect(message?.parts.filter((part) => part.type === 'source-url')).toEqual([
      { type: 'source-url', sourceId: '1', url: 'https://docs.inkeep.com/overview', title: 'Overview' },
      { type: 'source-url', sourceId: '2', url: 'https://inkeep.com', title: 'Inkeep' },
    ])
    expect(message?.metadata).toEqual({ chatSessionId: 'mock-session-1', chatSessionSignature: expect.stringMatching(/^[\w-]{43}$/) })
    expect(mock.mock.requests.map(({ path, body }) => ({ path, body }))).toEqual([
      {
        path: '/v0/chat_sessions/chat_results',
        body: { integration_id: INTEGRATION_ID, chat_session: { messages: [{ role: 'user', content: 'How do I start?' }] }, stream: true },
      },
    ])
  })

  it('continues the same chat session when the history is sent back', async () => {
    const { mock, transport } = await startRoute()
    const first = await ask(transport, [userMessage('u1', 'How do I start?')])
    const history = [userMessage('u1', 'How do I start?'), first.message!, userMessage('u2', 'And then?')]
    const second = await ask(transport, history)

    expect(second.errors).toEqual([])
    expect(textOf(second.message)).toContain('You asked: "And then?". This is answer 2 of this chat session')
    expect(second.message?.metadata).toEqual({ chatSessionId: 'mock-session-1', chatSessionSignature: expect.stringMatching(/^[\w-]{43}$/) })
    expect(mock.mock.requests.map(({ path, body }) => ({ path, body }))).toEqual([
      expect.objectContaining({ path: '/v0/chat_sessions/chat_results' }),
      {
        path: '/v0/chat_sessions/mock-session-1/chat_results',
        body: { integration_id: INTEGRATION_ID, message: { role: 'user', content: 'And then?' }, stream: true },
      },
    ])
  })

  it.each([
    ['without a signature', (metadata: { chatSessionId: string }) => ({ chatSessionId: metadata.chatSessionId })],
    // User B, in session 2, names user A's session 1 beside the signature B got for session 2.
    ['with the signature of another session', (metadata: { chatSessionId: string; chatSessionSignature?: string }) => ({ ...metadata, chatSessionId: 'mock-session-1' })],
  ])('refuses, sending nothing upstream, a history naming a session %s', async (_, tamper) => {
    const { mock, transport } = await startRoute()
    await ask(transport, [userMessage('u1', 'My account number is 12345')])
    const own = await ask(transport, [userMessage('u1', 'How do I start?')])
    expect(own.message?.metadata).toMatchObject({ chatSessionId: 'mock-session-2' })
    const forged = { ...own.message!, metadata: tamper(own.message!.metadata as { chatSessionId: string }) }
    const sent = mock.mock.requests.length
    const second = await ask(transport, [userMessage('u1', 'How do I start?'), forged, userMessage('u2', 'What did I ask before?')])

    expect(second.errors.map((error) => error.message)).toEqual(['The chat request was not valid.'])
    expect(mock.mock.requests).toHaveLength(sent)
  })

  it('reports a 401 from Inkeep to the page as a stream error that does not contain the key', async () => {
    const wrongKey = 'sk-wrong-key-that-must-stay-secret'
    const { route, transport } = await startRoute({ fault: { type: 'status', status: 401, body: `{"detail":"Bad key ${wrongKey}"}` } }, { apiKey: wrongKey, onError: (error) => error.message })
    const { errors } = await ask(transport, [userMessage('u1', 'How do I start?')])
    const raw = await fetch(`${route.url}/api/chat`, { method: 'POST', body: JSON.stringify({ messages: [userMessage('u1', 'How do I start?')] }) })
    const body = await raw.text()

    expect(errors).toHaveLength(1)
    expect(errors[0]?.message).toMatch(/^The server answered 401/)
    expect(errors[0]?.message).toContain('[redacted]')
    expect(errors[0]?.message).not.toContain(wrongKey)
    expect(body).toContain('"type":"error"')
    expect(body).not.toContain(wrongKey)
  })

  it("tells the page a generic text by default, never the server's words", async () => {
    const { transport } = await startRoute({ fault: { type: 'status', status: 500, body: 'upstream tenant-7f3a at http://10.0.0.7/internal failed' } })
    const { errors } = await ask(transport, [userMessage('u1', 'How do I start?')])

    expect(errors.map((error) => error.message)).toEqual(['The chat service answered with an error.'])
  })

  it.each([
    ['the request signal', true],
    ['cancelling the response body alone', false],
  ])('cancels the upstream answer when the client aborts (through %s)', async (_, useSignal) => {
    const { mock, route, transport } = await startRoute({ answer: { text: 'x'.repeat(2000), chunkSize: 10, delayMs: 20 } }, { useSignal })
    await abortAfterFirstText(transport, 'Tell me everything.')

    expect(await route.bodyEnd(0)).toBe('closed')
    const upstream = mock.mock.requests[0]!.stream!
    expect(await upstream.ended).toBe('cancelled')
    expect(upstream.sentEvents).toBeLessThan(upstream.totalEvents)
  })

  it('cancels a silent upstream when the client aborts, with no signal passed to the call', async () => {
    // Two events, then nothing: the route's pending next() waits on the network when the body is cancelled.
    const { mock, route, transport } = await startRoute({ fault: { type: 'stall', afterEvents: 2 } }, { useSignal: false })
    await abortAfterFirstText(transport, 'Hello?')

    expect(await route.bodyEnd(0)).toBe('closed')
    // A stalled stream never ends by itself; the deadline turns a hang into a failure, with room for a loaded machine.
    const ended = await Promise.race([mock.mock.requests[0]!.stream!.ended, new Promise((resolve) => setTimeout(resolve, 2_000, 'still running'))])
    expect(ended).toBe('cancelled')
  })
})
