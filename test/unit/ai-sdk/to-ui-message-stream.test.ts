import { parseJsonEventStream, readUIMessageStream, uiMessageChunkSchema, type UIMessage, type UIMessageChunk } from 'ai'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toUIMessageStream, type ChatDataParts, type ChatMessageMetadata } from '../../../lib/ai-sdk/index'
import { createUIMessagePartMapper } from '../../../lib/ai-sdk/ui-message-parts'
import type { ChatEvent } from '../../../lib/index'
import { createMockInkeep } from '../../../lib/testing/index'
import { createChatSession } from '../../../lib/index'
import { createInput, TEST_KEY } from '../../helpers/client'

const decoder = new TextDecoder()

/** Every event a realistic answer has: text, an empty last chunk with the finish reason, citations, an unknown event. */
const ANSWER: ChatEvent[] = [
  { event: 'message_chunk', data: { chatSessionId: 'session-1', contentChunk: 'Install it, ' } },
  { event: 'unknown', name: 'ping', data: '' },
  { event: 'message_chunk', data: { chatSessionId: 'session-1', contentChunk: 'then ask.' } },
  { event: 'message_chunk', data: { chatSessionId: 'session-1', contentChunk: '', finishReason: 'stop' } },
  {
    event: 'records_cited',
    data: { citations: [{ number: 1, record: { type: 'documentation', url: 'https://docs.example.com', title: 'Docs' } }, { record: { type: 'custom_question_answer', title: 'FAQ' } }] },
  },
]

const CONSIDERED = [{ type: 'documentation', url: 'https://docs.example.com', title: 'Docs', score: 0.9 }, { type: 'site', url: 'https://example.com', title: 'Site' }]

/** A v1 answer: no session id, the records considered before the text, then links, annotations and tool calls. */
const V1_ANSWER: ChatEvent[] = [
  { event: 'records_considered', data: { records: CONSIDERED } },
  { event: 'message_chunk', data: { contentChunk: 'Install it, ' } },
  { event: 'message_chunk', data: { contentChunk: 'then ask.', finishReason: 'stop' } },
  { event: 'records_cited', data: { citations: [{ number: 1, record: { type: 'documentation', url: 'https://docs.example.com', title: 'Docs' } }] } },
  { event: 'ai_annotations', data: { answerConfidence: 'somewhat_confident', explanation: 'One source says so.', escalate: false } },
  { event: 'tool_call', data: { id: 'call-1', name: 'routeToSupport', arguments: { team: 'billing' }, argumentsText: '{"team":"billing"}' } },
  { event: 'tool_call', data: { id: 'call-2', name: 'routeToSupport', arguments: undefined, argumentsText: '{"team":' } },
]

type PageChunk = UIMessageChunk<ChatMessageMetadata, ChatDataParts>
type PageMessage = UIMessage<ChatMessageMetadata, ChatDataParts>

/** The message `ai`'s own client builds from the stream, as `useChat` does, each part checked by its schema first. */
async function messageOf(stream: ReadableStream<Uint8Array>): Promise<PageMessage | undefined> {
  const chunks: PageChunk[] = []
  for await (const result of parseJsonEventStream({ stream, schema: uiMessageChunkSchema })) {
    if (!result.success) throw result.error
    chunks.push(result.value as PageChunk)
  }
  const checked = new ReadableStream<PageChunk>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk)
      controller.close()
    },
  })
  let message: PageMessage | undefined
  for await (const snapshot of readUIMessageStream<PageMessage>({ stream: checked })) message = snapshot
  return message
}

/** An async iterable over `events` that records how it was used. */
function recorded(events: ChatEvent[], { throwAfter }: { throwAfter?: number } = {}) {
  const log = { nexts: 0, returned: false }
  const iterable: AsyncIterable<ChatEvent> = {
    [Symbol.asyncIterator]: () => ({
      async next() {
        if (throwAfter !== undefined && log.nexts === throwAfter) throw new Error(`failed with ${TEST_KEY}`)
        const value = events[log.nexts++]
        return value === undefined ? { done: true, value: undefined } : { done: false, value }
      },
      async return() {
        log.returned = true
        return { done: true, value: undefined }
      },
    }),
  }
  return { iterable, log }
}

/** An async iterable over `events` whose `next()` settles only once `release` let that many events through, as a network would. */
function gated(events: ChatEvent[]) {
  const log = { nexts: 0, returned: false }
  let released = 0
  let waiting: Array<() => boolean> = []
  const release = (count: number): void => {
    released += count
    waiting = waiting.filter((tryResolve) => !tryResolve())
  }
  const iterable: AsyncIterable<ChatEvent> = {
    [Symbol.asyncIterator]: () => ({
      next: () =>
        new Promise<IteratorResult<ChatEvent>>((resolve) => {
          const index = log.nexts++
          const tryResolve = (): boolean => {
            if (index >= released) return false
            const value = events[index]
            resolve(value === undefined ? { done: true, value: undefined } : { done: false, value })
            return true
          }
          if (!tryResolve()) waiting.push(tryResolve)
        }),
      async return() {
        log.returned = true
        return { done: true, value: undefined }
      },
    }),
  }
  return { iterable, log, release }
}

/** Lets every promise that can settle without I/O settle. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

async function readText(stream: ReadableStream<Uint8Array>): Promise<string> {
  let text = ''
  for await (const chunk of stream) text += decoder.decode(chunk, { stream: true })
  return text
}

const partsOf = (text: string): unknown[] =>
  text.split('\n\n').filter(Boolean).map((line) => line.slice('data: '.length)).filter((data) => data !== '[DONE]').map((data) => JSON.parse(data))

describe('toUIMessageStream', () => {
  it('frames each part as one data line and ends with [DONE]', async () => {
    const text = await readText(toUIMessageStream(recorded(ANSWER).iterable, { messageId: 'm-1' }))
    expect(text.startsWith('data: {"type":"start","messageId":"m-1"}\n\n')).toBe(true)
    expect(text.endsWith('data: {"type":"finish","finishReason":"stop"}\n\ndata: [DONE]\n\n')).toBe(true)
    expect(text).not.toMatch(/^event:/m)
  })

  it("writes only parts that ai's own uiMessageChunkSchema accepts", async () => {
    const results = []
    const parsed = parseJsonEventStream({ stream: toUIMessageStream(recorded(ANSWER).iterable), schema: uiMessageChunkSchema })
    for await (const result of parsed) results.push(result)

    expect(results.filter((result) => !result.success)).toEqual([])
    expect(results.map((result) => (result.success ? result.value.type : 'invalid'))).toEqual([
      'start', 'message-metadata', 'text-start', 'text-delta', 'text-delta', 'source-url', 'source-document', 'text-end', 'finish',
    ])
  })

  it("writes a v1 answer's parts, data and metadata included, in a form ai's schema accepts", async () => {
    const results = []
    for await (const result of parseJsonEventStream({ stream: toUIMessageStream(recorded(V1_ANSWER).iterable), schema: uiMessageChunkSchema })) results.push(result)

    expect(results.filter((result) => !result.success)).toEqual([])
    expect(results.map((result) => (result.success ? result.value.type : 'invalid'))).toEqual([
      'start', 'data-records-considered', 'text-start', 'text-delta', 'text-delta', 'source-url', 'message-metadata', 'data-tool-call', 'data-tool-call', 'text-end', 'finish',
    ])
  })

  it("gives ai's client a v1 message with the text, the sources, the annotations as metadata and the data parts", async () => {
    const message = await messageOf(toUIMessageStream(recorded(V1_ANSWER).iterable, { messageId: 'm-1' }))

    expect(message).toEqual({
      id: 'm-1',
      role: 'assistant',
      metadata: { aiAnnotations: { answerConfidence: 'somewhat_confident', explanation: 'One source says so.', escalate: false } },
      parts: [
        { type: 'data-records-considered', id: 'records-considered', data: { records: CONSIDERED } },
        { type: 'text', text: 'Install it, then ask.', state: 'done' },
        { type: 'source-url', sourceId: '1', url: 'https://docs.example.com', title: 'Docs' },
        { type: 'data-tool-call', id: 'call-1', data: { id: 'call-1', name: 'routeToSupport', arguments: { team: 'billing' }, argumentsText: '{"team":"billing"}' } },
        // JSON has no undefined: the call whose text is not JSON reaches the page without `arguments`.
        { type: 'data-tool-call', id: 'call-2', data: { id: 'call-2', name: 'routeToSupport', argumentsText: '{"team":' } },
      ],
    })
    expect(message?.parts.at(-1)).not.toHaveProperty('data.arguments')
  })

  it("keeps ai's client's metadata of a v0 answer: the session id, with the annotations merged beside it", async () => {
    const annotations: ChatEvent = { event: 'ai_annotations', data: { answerConfidence: 'other' } }
    const message = await messageOf(toUIMessageStream(recorded([ANSWER[0]!, annotations]).iterable))
    expect(message?.metadata).toEqual({ chatSessionId: 'session-1', aiAnnotations: { answerConfidence: 'other' } })
  })

  it('the same schema refuses what the mapper leaves out: an unknown part type, a text-delta with a wrong shape', async () => {
    const bad = new Response('data: {"type":"ping"}\n\ndata: {"type":"text-delta","id":"t"}\n\n').body!
    const results = []
    for await (const result of parseJsonEventStream({ stream: bad, schema: uiMessageChunkSchema })) results.push(result.success)
    expect(results).toEqual([false, false])
  })

  it('reads nothing before the client reads, then sends each read the events at hand, waiting only for the first', async () => {
    const { iterable, log, release } = gated(ANSWER)
    const reader = toUIMessageStream(iterable).getReader()
    await settle()
    expect(log.nexts).toBe(0)

    const first = reader.read()
    await settle()
    expect(log.nexts).toBe(1)
    release(1)
    expect(partsOf(decoder.decode((await first).value))).toEqual([
      { type: 'start' },
      { type: 'message-metadata', messageMetadata: { chatSessionId: 'session-1' } },
      { type: 'text-start', id: 'text-1' },
      { type: 'text-delta', id: 'text-1', delta: 'Install it, ' },
    ])
    // The next event was asked for while the client waited, and is taken over by its next read.
    expect(log.nexts).toBe(2)
    release(3)
    expect(partsOf(decoder.decode((await reader.read()).value))).toEqual([
      { type: 'text-delta', id: 'text-1', delta: 'then ask.' },
    ])
    expect(log.nexts).toBe(5)
  })

  it('calls return() on the events when the stream is cancelled', async () => {
    const { iterable, log, release } = gated(ANSWER)
    const reader = toUIMessageStream(iterable).getReader()
    release(1)
    await reader.read()
    await reader.cancel()
    expect(log.returned).toBe(true)
  })

  it('asks for no event when cancelled before the first read', async () => {
    const { iterable, log } = gated(ANSWER)
    await toUIMessageStream(iterable).cancel()
    expect(log).toEqual({ nexts: 0, returned: false })
  })

  it('sends an error event as an error part and [DONE], with no finish, and lets go of the events', async () => {
    const { iterable, log } = recorded([ANSWER[0]!, { event: 'error', error: { type: 'network', message: 'No response from https://api.inkeep.com' } }, ANSWER[2]!])
    const parts = partsOf(await readText(toUIMessageStream(iterable, { onError: (error) => error.message })))
    expect(parts.slice(-2)).toEqual([{ type: 'text-end', id: 'text-1' }, { type: 'error', errorText: 'No response from https://api.inkeep.com' }])
    expect(parts).not.toContainEqual(expect.objectContaining({ type: 'finish' }))
    expect(log.returned).toBe(true)
  })

  it('ends with a fixed error part when the events throw, without their message', async () => {
    const text = await readText(toUIMessageStream(recorded(ANSWER, { throwAfter: 1 }).iterable))
    expect(partsOf(text).slice(-2)).toEqual([{ type: 'text-end', id: 'text-1' }, { type: 'error', errorText: 'The answer could not be read' }])
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true)
    expect(text).not.toContain(TEST_KEY)
  })

  it('ends with the same error part when the events cannot even give an iterator, or their next() throws', async () => {
    const noIterator = { [Symbol.asyncIterator]: (): AsyncIterator<ChatEvent> => { throw new Error('secret detail') } }
    const throwingNext = { [Symbol.asyncIterator]: (): AsyncIterator<ChatEvent> => ({ next: () => { throw new Error('secret detail') } }) }
    for (const events of [noIterator, throwingNext]) {
      const text = await readText(toUIMessageStream(events))
      expect(partsOf(text)).toEqual([{ type: 'start' }, { type: 'error', errorText: 'The answer could not be read' }])
      expect(text).not.toContain('secret detail')
    }
  })

  it('streams a whole answer of the mock server', async () => {
    const mock = createMockInkeep({ answer: { text: 'One two three four five.', chunkSize: 4 } })
    const text = await readText(toUIMessageStream(createChatSession({ apiKey: TEST_KEY, fetch: mock.fetch }, createInput())))
    const deltas = partsOf(text).flatMap((part) => ((part as { type: string }).type === 'text-delta' ? [(part as { delta: string }).delta] : []))
    expect(deltas.join('')).toBe('One two three four five.')
    expect(deltas.length).toBeGreaterThan(1)
  })
})

describe('toUIMessageStream, whatever the pace of the events', () => {
  const eventArbitrary: fc.Arbitrary<ChatEvent> = fc.oneof(
    fc.record({ event: fc.constant('message_chunk' as const), data: fc.record({ chatSessionId: fc.constantFrom('s-1', 's-2'), contentChunk: fc.string({ maxLength: 8 }) }) }),
    fc.record({ event: fc.constant('records_cited' as const), data: fc.record({ citations: fc.array(fc.record({ record: fc.record({ type: fc.constant('site'), url: fc.option(fc.webUrl(), { nil: undefined }) }) }), { maxLength: 3 }) }) }),
    fc.record({ event: fc.constant('records_considered' as const), data: fc.record({ records: fc.array(fc.record({ type: fc.constant('site'), url: fc.webUrl(), title: fc.string({ maxLength: 8 }) }), { maxLength: 2 }) }) }),
    fc.record({ event: fc.constant('ai_annotations' as const), data: fc.record({ answerConfidence: fc.constantFrom('very_confident', 'other') }) }),
    fc.record({ event: fc.constant('tool_call' as const), data: fc.record({ id: fc.constantFrom('call-1', ''), name: fc.constant('t'), arguments: fc.constant(undefined), argumentsText: fc.string({ maxLength: 8 }) }) }),
    fc.record({ event: fc.constant('unknown' as const), name: fc.constant('ping'), data: fc.constant('') }),
  )
  const endArbitrary = fc.oneof(
    fc.constant<ChatEvent[]>([]),
    fc.constant<ChatEvent[]>([{ event: 'error', error: { type: 'network', message: 'No response' } }]),
  )

  /** The events, each either at hand or behind a macrotask, as a network chunk boundary puts it. */
  async function* paced(events: ChatEvent[], waits: boolean[]): AsyncGenerator<ChatEvent> {
    for (const [index, event] of events.entries()) {
      if (waits[index]) await new Promise((resolve) => setTimeout(resolve, 0))
      yield event
    }
  }

  /** What encoding each event's parts on its own gives: the plain form the batching must equal. */
  function encodeOneByOne(events: ChatEvent[]): string {
    const mapper = createUIMessagePartMapper()
    const lines = (parts: unknown[]): string => parts.map((part) => `data: ${JSON.stringify(part)}\n\n`).join('')
    let text = ''
    for (const event of events) {
      text += lines(mapper.map(event))
      if (event.event === 'error') return `${text}data: [DONE]\n\n`
    }
    return `${text}${lines(mapper.end())}data: [DONE]\n\n`
  }

  it('writes the same bytes as encoding each event on its own', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArbitrary, { maxLength: 30 }), endArbitrary, fc.array(fc.boolean(), { maxLength: 31 }), async (events, end, waits) => {
        const all = [...events, ...end]
        expect(await readText(toUIMessageStream(paced(all, waits)))).toBe(encodeOneByOne(all))
      }),
      { numRuns: 150 },
    )
  })
})
