import { DefaultChatTransport, readUIMessageStream, type UIMessage } from 'ai'
import { describe, expect, it } from 'vitest'
import { completionFromUIMessages, toUIMessageStreamResponse, type ChatDataParts, type ChatMessageMetadata } from '../../lib/ai-sdk/index'
import type { ChatConfig } from '../../lib/index'
import type { MockInkeepOptions, WireAIAnnotations, WireConsideredRecord, WireLink } from '../../lib/testing/index'
import { serveHandler, type Handler } from '../helpers/handler-server'
import { startMockServer, TEST_KEY } from '../helpers/server'

type PageMessage = UIMessage<ChatMessageMetadata, ChatDataParts>

const MODEL = 'inkeep-qa-expert'
const LINKS: WireLink[] = [
  { label: '1', url: 'https://docs.example.com/start', title: 'Getting started', type: 'documentation' },
  { label: '2', url: 'https://example.com', title: null },
]
const RECORDS: WireConsideredRecord[] = [
  { type: 'documentation', url: 'https://docs.example.com/start', title: 'Getting started', breadcrumbs: ['Docs'] },
  { type: 'site', url: 'https://example.com', title: 'Example' },
]
const ANNOTATIONS: WireAIAnnotations = { answerConfidence: 'somewhat_confident', explanation: 'One source covers it.' }
/** Arguments cut short: the built-in tool's call can't be read as annotations, so it reaches the page as a tool call. */
const BROKEN_ANNOTATIONS = '{"aiAnnotations": {"answerConfidence": '

/** The route a user writes for v1: the whole history in, the UI message stream out. */
async function startRoute(mockOptions: MockInkeepOptions = {}) {
  const mock = await startMockServer({ apiKey: TEST_KEY, ...mockOptions })
  const config: ChatConfig = { apiKey: TEST_KEY, baseURL: mock.url, retry: false }
  const handler: Handler = async (request) => {
    const { messages } = await request.json()
    return toUIMessageStreamResponse(completionFromUIMessages(config, { model: MODEL, messages, builtInTools: true }, { signal: request.signal }))
  }
  const route = await serveHandler(handler)
  return { mock, route, transport: new DefaultChatTransport<PageMessage>({ api: `${route.url}/api/chat`, fetch: globalThis.fetch }) }
}

const textMessage = (id: string, role: 'system' | 'user', text: string): PageMessage => ({ id, role, parts: [{ type: 'text', text }] })

/** Sends `messages` as `useChat` does and reads the answer into its final message, collecting stream errors. */
async function ask(transport: DefaultChatTransport<PageMessage>, messages: PageMessage[], abortSignal?: AbortSignal) {
  const stream = await transport.sendMessages({ trigger: 'submit-message', chatId: 'chat-1', messageId: undefined, abortSignal, messages })
  const errors: Error[] = []
  let message: PageMessage | undefined
  for await (const snapshot of readUIMessageStream<PageMessage>({ stream, onError: (error) => errors.push(error as Error) })) message = snapshot
  return { message, errors }
}

async function drainChunks(reader: ReadableStreamDefaultReader<unknown>): Promise<void> {
  while (!(await reader.read()).done);
}

const textOf = (message: PageMessage | undefined): string => (message?.parts ?? []).map((part) => (part.type === 'text' ? part.text : '')).join('')

describe('the AI SDK client reading a route built on completionFromUIMessages and toUIMessageStreamResponse', () => {
  it('turns a v1 answer into one message: the text, the links as sources, the annotations as metadata, the records considered as data', async () => {
    const content = 'Create an API integration, then send its key. It streams.'
    const { mock, transport } = await startRoute({ completion: { content, chunkSize: 7, links: LINKS, recordsConsidered: RECORDS, aiAnnotations: ANNOTATIONS } })
    const { message, errors } = await ask(transport, [textMessage('u1', 'user', 'How do I start?')])

    expect(errors).toEqual([])
    expect(message?.role).toBe('assistant')
    expect(textOf(message)).toBe(content)
    expect(message?.parts.filter((part) => part.type === 'source-url')).toEqual([
      { type: 'source-url', sourceId: '1', url: 'https://docs.example.com/start', title: 'Getting started' },
      { type: 'source-url', sourceId: '2', url: 'https://example.com' },
    ])
    expect(message?.metadata).toEqual({ aiAnnotations: ANNOTATIONS })
    expect(message?.parts.filter((part) => part.type === 'data-records-considered')).toEqual([
      { type: 'data-records-considered', id: 'records-considered', data: { records: RECORDS } },
    ])
    // The records considered come before the answer's text, as Inkeep sends them.
    expect(message?.parts.map((part) => part.type).slice(0, 2)).toEqual(['data-records-considered', 'text'])
    expect(mock.mock.requests.map(({ path, body }) => ({ path, messages: (body as { messages: unknown }).messages }))).toEqual([
      { path: '/v1/chat/completions', messages: [{ role: 'user', content: 'How do I start?' }] },
    ])
  })

  it('sends the whole history back each turn, and hands a tool call it could not read to the page as data', async () => {
    const { mock, transport } = await startRoute({ completion: { aiAnnotations: ANNOTATIONS, rawArguments: { provideAIAnnotations: BROKEN_ANNOTATIONS } } })
    const system = textMessage('s1', 'system', 'Answer in one paragraph.')
    const first = await ask(transport, [system, textMessage('u1', 'user', 'How do I start?')])
    const history = [system, textMessage('u1', 'user', 'How do I start?'), first.message!, textMessage('u2', 'user', 'And then?')]
    const second = await ask(transport, history)

    expect(second.errors).toEqual([])
    expect(textOf(second.message)).toContain('You asked: "And then?"')
    expect(second.message?.parts.filter((part) => part.type === 'data-tool-call')).toEqual([
      { type: 'data-tool-call', id: expect.any(String), data: { id: expect.any(String), name: 'provideAIAnnotations', argumentsText: BROKEN_ANNOTATIONS } },
    ])
    expect(second.message?.metadata).toBeUndefined()
    expect((mock.mock.requests.at(-1)!.body as { messages: unknown }).messages).toEqual([
      { role: 'system', content: 'Answer in one paragraph.' },
      { role: 'user', content: 'How do I start?' },
      { role: 'assistant', content: textOf(first.message) },
      { role: 'user', content: 'And then?' },
    ])
  })

  it('cancels the upstream answer when the client aborts', async () => {
    const { mock, route, transport } = await startRoute({ completion: { content: 'x'.repeat(2000), chunkSize: 10, delayMs: 20 } })
    const aborter = new AbortController()
    const stream = await transport.sendMessages({ trigger: 'submit-message', chatId: 'chat-1', messageId: undefined, abortSignal: aborter.signal, messages: [textMessage('u1', 'user', 'Tell me everything.')] })
    const reader = stream.getReader()
    while ((await reader.read()).value?.type !== 'text-delta');
    aborter.abort()
    // Read on until the abort surfaces: the parts already buffered may come first.
    await expect(drainChunks(reader)).rejects.toThrow(/abort/i)

    expect(await route.bodyEnd(0)).toBe('closed')
    const upstream = mock.mock.requests[0]!.stream!
    expect(await upstream.ended).toBe('cancelled')
    expect(upstream.sentEvents).toBeLessThan(upstream.totalEvents)
  })
})
