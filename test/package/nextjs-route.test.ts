import { DefaultChatTransport, readUIMessageStream, type UIMessage } from 'ai'
import { describe, expect, it, vi, type TestContext } from 'vitest'
import type { ChatDataParts, ChatMessageMetadata } from '../../lib/ai-sdk/index'
import { readChatEvents, type ChatEvent } from '../../lib/index'
import { drain } from '../helpers/drain'
import type { MockInkeepServer } from '../../lib/testing/node'
import { startMockServer } from '../helpers/server'

// The Next.js example's route handlers, as a user copies them from examples/nextjs, called with real
// Requests. They import the built package (`npm run build` first), as an app would.
const { POST } = await import('../../examples/nextjs/app/api/chat/route')
const aiChatRoute = await import('../../examples/nextjs/app/api/ai-chat/route')
const completionRoute = await import('../../examples/nextjs/app/api/completion/route')

const ENV = { INKEEP_API_KEY: 'sk-route-secret', INKEEP_INTEGRATION_ID: 'route-integration', CHAT_SESSION_SECRET: 'route-session-secret-of-32-characters' }

/** Sets the routes' environment variables (`undefined` unsets one) until the test ends; they read them on each request. */
function setEnv(context: Pick<TestContext, 'onTestFinished'>, env: Record<string, string | undefined>): void {
  context.onTestFinished(() => void vi.unstubAllEnvs())
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value)
}

const toRequest = (body: unknown, signal: AbortSignal | null = null): Request =>
  new Request('http://127.0.0.1/api/chat', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal })

const ask = (body: unknown, signal: AbortSignal | null = null): Promise<Response> => POST(toRequest(body, signal))

const contentOf = (events: ChatEvent[]): string => events.map((event) => (event.event === 'message_chunk' ? event.data.contentChunk : '')).join('')

/**
 * Reads the first chunk of `route`'s answer to `body`, aborts the request, and checks that the upstream
 * answer (200 chunks 20 ms apart) was cancelled before its end: cut by the abort.
 */
async function expectAbortCutsUpstream(server: MockInkeepServer, route: (request: Request) => Promise<Response>, body: unknown): Promise<void> {
  const controller = new AbortController()
  // Held to the end, as a framework holds the request it answers: Node's Request stops passing its
  // source's abort on to `request.signal` once the Request is garbage-collected
  // (https://github.com/nodejs/undici/issues/3644), which failed about one run in six.
  const request = toRequest(body, controller.signal)
  await (await route(request)).body!.getReader().read()
  controller.abort()
  expect(request.signal.aborted).toBe(true)
  const stream = server.mock.requests[0]!.stream!
  expect(await stream.ended).toBe('cancelled')
  expect(stream.sentEvents).toBeLessThan(stream.totalEvents)
}

describe('examples/nextjs route handler', () => {
  it('streams an answer that readChatEvents reads, continues the session, and keeps the key out', async (context) => {
    const server = await startMockServer({ apiKey: 'sk-route-secret' })
    setEnv(context, { ...ENV, INKEEP_BASE_URL: server.url })

    const response = await ask({ question: 'What is Inkeep?' })
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const text = await response.text()
    expect(text).not.toContain('sk-route-secret')
    const first = await drain(readChatEvents(new Response(text, { headers: response.headers })))
    expect(contentOf(first)).toContain('You asked: "What is Inkeep?"')
    expect(first.some((event) => event.event === 'records_cited')).toBe(true)
    expect(first.some((event) => event.event === 'error')).toBe(false)

    const { chatSessionId, chatSessionSignature } = first[0]?.event === 'message_chunk' ? first[0].data : {}
    const second = await drain(readChatEvents(await ask({ question: 'And then?', chatSessionId, chatSessionSignature })))
    expect(contentOf(second)).toContain('answer 2 of this chat session')
    expect(server.mock.requests.map((request) => request.headers.get('authorization'))).toEqual(['Bearer sk-route-secret', 'Bearer sk-route-secret'])
  })

  it.for([
    ['no signature', undefined],
    ['a signature of another session', 'signature-of-another-session'],
  ] as const)('refuses with 403, asking nothing upstream, a session id with %s', async ([, forged], context) => {
    const server = await startMockServer()
    setEnv(context, { ...ENV, INKEEP_BASE_URL: server.url })
    const first = await drain(readChatEvents(await ask({ question: 'My account number is 12345' })))
    const { chatSessionId } = first[0]?.event === 'message_chunk' ? first[0].data : {}
    const refused = await ask({ question: 'What did I say?', chatSessionId, chatSessionSignature: forged })

    expect(refused.status).toBe(403)
    expect(server.mock.requests).toHaveLength(1)
  })

  it('cancels the upstream stream when the request is aborted mid-answer', async (context) => {
    const server = await startMockServer({ answer: { text: 'x'.repeat(2000), chunkSize: 10, delayMs: 20 } })
    setEnv(context, { ...ENV, INKEEP_BASE_URL: server.url })
    await expectAbortCutsUpstream(server, POST, { question: 'Tell me everything.' })
  })

  it('refuses a request without a question with 400', async (context) => {
    setEnv(context, ENV)
    expect((await ask({})).status).toBe(400)
  })

  it('fails a request naming a missing variable', async (context) => {
    setEnv(context, { ...ENV, INKEEP_API_KEY: undefined })
    await expect(ask({ question: 'What is Inkeep?' })).rejects.toThrow('Missing environment variable INKEEP_API_KEY')
    setEnv(context, { ...ENV, INKEEP_INTEGRATION_ID: '' })
    await expect(ask({ question: 'What is Inkeep?' })).rejects.toThrow('Missing environment variable INKEEP_INTEGRATION_ID')
  })
})

describe('examples/nextjs AI SDK route handler', () => {
  // Its answers are checked in a page, by the Chromium AI SDK row of test/runtimes.
  it('fails a request naming a missing session secret', async (context) => {
    setEnv(context, { ...ENV, CHAT_SESSION_SECRET: undefined })
    const messages = [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'What is Inkeep?' }] }]
    await expect(aiChatRoute.POST(toRequest({ messages }))).rejects.toThrow('Missing environment variable CHAT_SESSION_SECRET')
  })
})

type PageMessage = UIMessage<ChatMessageMetadata, ChatDataParts>

/** All the v1 route reads: v1 needs no integration id, and keeps no sessions to sign. */
const COMPLETION_ENV = { INKEEP_API_KEY: 'sk-route-secret' }

const userMessage = (text: string): PageMessage => ({ id: 'u1', role: 'user', parts: [{ type: 'text', text }] })

/** Posts `messages` to the v1 route as the page's `useChat` does; resolves the answer it reads, its stream errors and the body as sent. */
async function askCompletion(messages: PageMessage[]) {
  let body = ''
  const transport = new DefaultChatTransport<PageMessage>({
    api: 'http://127.0.0.1/api/completion',
    fetch: async (input, init) => {
      const response = await completionRoute.POST(new Request(input, init))
      body = await response.text()
      return new Response(body, response)
    },
  })
  const stream = await transport.sendMessages({ trigger: 'submit-message', chatId: 'chat-1', messageId: undefined, abortSignal: undefined, messages })
  const errors: string[] = []
  let message: PageMessage | undefined
  for await (const snapshot of readUIMessageStream<PageMessage>({ stream, onError: (error) => errors.push((error as Error).message) })) message = snapshot
  return { message, errors, body }
}

describe('examples/nextjs v1 route handler', () => {
  it("streams an answer that useChat's transport reads, with its links, confidence and records considered, and keeps the key out", async (context) => {
    const server = await startMockServer({ apiKey: 'sk-route-secret' })
    setEnv(context, { ...COMPLETION_ENV, INKEEP_BASE_URL: server.url })
    const { message, errors, body } = await askCompletion([userMessage('What is Inkeep?')])

    expect(errors).toEqual([])
    expect(body).not.toContain('sk-route-secret')
    expect(message?.parts.find((part) => part.type === 'text')).toMatchObject({ text: expect.stringContaining('You asked: "What is Inkeep?"') })
    expect(message?.parts.flatMap((part) => (part.type === 'source-url' ? [part.url] : []))).toEqual(['https://docs.inkeep.com/overview', 'https://inkeep.com'])
    expect(message?.metadata?.aiAnnotations?.answerConfidence).toBe('very_confident')
    const considered = message?.parts.find((part) => part.type === 'data-records-considered')
    expect(considered?.data.records.map((record) => record.title)).toEqual(['Overview', 'Getting started', 'Inkeep'])
    expect(server.mock.requests.map(({ path, body, headers }) => [path, (body as { model: string }).model, headers.get('authorization')])).toEqual([
      ['/v1/chat/completions', 'inkeep-qa-expert', 'Bearer sk-route-secret'],
    ])
  })

  it('answers a history without user text with an error, asking nothing upstream', async (context) => {
    const server = await startMockServer()
    setEnv(context, { ...COMPLETION_ENV, INKEEP_BASE_URL: server.url })
    const { errors } = await askCompletion([{ id: 's1', role: 'system', parts: [{ type: 'text', text: 'Answer briefly.' }] }])

    expect(errors).toEqual(['The chat request was not valid.'])
    expect(server.mock.requests).toHaveLength(0)
  })

  it('cancels the upstream stream when the request is aborted mid-answer', async (context) => {
    const server = await startMockServer({ completion: { content: 'x'.repeat(2000), chunkSize: 10, delayMs: 20 } })
    setEnv(context, { ...COMPLETION_ENV, INKEEP_BASE_URL: server.url })
    await expectAbortCutsUpstream(server, completionRoute.POST, { messages: [userMessage('Tell me everything.')] })
  })

  it('fails a request naming a missing key', async (context) => {
    setEnv(context, { INKEEP_API_KEY: undefined })
    await expect(completionRoute.POST(toRequest({ messages: [userMessage('What is Inkeep?')] }))).rejects.toThrow('Missing environment variable INKEEP_API_KEY')
  })
})
