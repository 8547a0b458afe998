import { describe, expect, it } from 'vitest'
import { collectChatResult, createChatCompletion, retrieveDocuments, type ChatConfig, type ChatEvent } from '../../lib/index'
import { serveMockInkeep, type ServeMockInkeepOptions } from '../../lib/testing/node'
import { completionInput } from '../fixtures/completion-chunks'
import { TEST_KEY } from '../helpers/client'
import { contentOf, drain, lastError } from '../helpers/drain'

// createChatCompletion against the package's mock served on loopback: the wire as a real socket
// carries it, cut where the network cuts it.

async function served(options: ServeMockInkeepOptions = {}, extra: Partial<ChatConfig> = {}) {
  const server = await serveMockInkeep(options)
  const config: ChatConfig = { apiKey: TEST_KEY, baseURL: server.url, retry: { attempts: 2, baseDelayMs: 1 }, ...extra }
  return { server, config, [Symbol.asyncDispose]: () => server.close() }
}

const names = (events: ChatEvent[]) => [...new Set(events.map((event) => event.event))]

describe('createChatCompletion over a socket', () => {
  it('streams records considered, the text, links, annotations and the finish reason, in that order', async () => {
    await using mock = await served({ completion: { content: 'Use the quick start [1].', chunkSize: 4 } })
    const events = await drain(createChatCompletion(mock.config, completionInput({ builtInTools: true })))
    expect(names(events)).toEqual(['records_considered', 'message_chunk', 'records_cited', 'ai_annotations'])
    expect(events.at(-1)).toEqual({ event: 'message_chunk', data: { contentChunk: '', finishReason: 'stop' } })
    expect(contentOf(events)).toBe('Use the quick start [1].')
    const cited = events.find((event) => event.event === 'records_cited')
    expect(cited?.event === 'records_cited' && cited.data.citations.map((citation) => [citation.number, citation.record.url])).toEqual([
      [1, 'https://docs.inkeep.com/overview'],
      [2, 'https://inkeep.com'],
    ])
    expect(events.find((event) => event.event === 'ai_annotations')).toMatchObject({ data: { answerConfidence: 'very_confident' } })

    const request = mock.server.mock.requests[0]!
    expect(request.path).toBe('/v1/chat/completions')
    expect((request.body as { tools: unknown[] }).tools).toHaveLength(3)
  })

  it('collects a whole v1 answer: no session, its records, annotations and citations', async () => {
    await using mock = await served({ completion: { content: 'Answer.' } })
    const result = await collectChatResult(createChatCompletion(mock.config, completionInput({ builtInTools: true })))
    if (!result.ok) throw new Error(result.error.message)
    expect(result.value.chatSessionId).toBeUndefined()
    expect(result.value.message.content).toBe('Answer.')
    expect(result.value.message.recordsCited?.citations).toHaveLength(2)
    expect(result.value.recordsConsidered).toHaveLength(3)
    expect(result.value.aiAnnotations?.answerConfidence).toBe('very_confident')
  })

  it('gives the same content and citations without streaming', async () => {
    await using mock = await served({ completion: { content: 'Same answer [1].' } })
    const streamed = await collectChatResult(createChatCompletion(mock.config, completionInput()))
    const whole = await collectChatResult(createChatCompletion(mock.config, completionInput({ stream: false })))
    expect(whole).toEqual(streamed)
    expect(mock.server.mock.requests.map((request) => (request.body as { stream: boolean }).stream)).toEqual([true, false])
  })

  it("yields the caller's own tool calls with their arguments, and malformed built-in arguments as tool calls", async () => {
    await using mock = await served({ completion: { toolArguments: { escalate: { reason: 'billing' } }, rawArguments: { provideLinks: '{"links": [{"url"' } } })
    const escalate = { type: 'function' as const, function: { name: 'escalate', parameters: { type: 'object', properties: { reason: { type: 'string' } } } } }
    const events = await drain(createChatCompletion(mock.config, completionInput({ tools: [escalate] })))
    const calls = events.flatMap((event) => (event.event === 'tool_call' ? [event.data] : []))
    // The mock calls the built-in tools after the text, in the order the request defines them.
    expect(calls.map(({ name, arguments: args, argumentsText }) => ({ name, args, argumentsText }))).toEqual([
      { name: 'escalate', args: { reason: 'billing' }, argumentsText: '{"reason":"billing"}' },
      { name: 'provideLinks', args: undefined, argumentsText: '{"links": [{"url"' },
    ])
    expect(calls.every((call) => call.id.length > 0)).toBe(true)
    expect(events.at(-1)).toMatchObject({ event: 'message_chunk', data: { finishReason: 'stop' } })
  })

  it('retries a 503, and reports a wrong key with the server message and without the key', async () => {
    await using flaky = await served({ fault: { type: 'status', status: 503, times: 1 } })
    const events = await drain(createChatCompletion(flaky.config, completionInput()))
    expect(events.some((event) => event.event === 'error')).toBe(false)
    expect(flaky.server.mock.requests).toHaveLength(2)

    await using strict = await served({ apiKey: 'the-right-key-0123456789' })
    const error = lastError(await drain(createChatCompletion(strict.config, completionInput())))
    expect(error).toMatchObject({ type: 'http', status: 401 })
    expect(error.message).toMatch(/^The server answered 401: \S/)
    expect(JSON.stringify(error)).not.toContain(TEST_KEY)
    expect(strict.server.mock.requests).toHaveLength(1)
  })

  it('keeps the events before a mid-stream error or a dropped connection, then ends with stream_interrupted', async () => {
    await using failing = await served({ completion: { streamError: { afterEvents: 4, message: 'model overloaded' } } })
    const failed = await drain(createChatCompletion(failing.config, completionInput()))
    expect(failed.length).toBeGreaterThan(1)
    expect(lastError(failed)).toMatchObject({ type: 'stream_interrupted', eventsReceived: failed.length - 1, message: expect.stringContaining('model overloaded') })

    await using dropping = await served({ fault: { type: 'drop', afterEvents: 5, partialBytes: 20 } })
    const dropped = await drain(createChatCompletion(dropping.config, completionInput()))
    expect(lastError(dropped)).toMatchObject({ type: 'stream_interrupted', eventsReceived: dropped.length - 1 })
    expect(dropping.server.mock.requests).toHaveLength(1)
  })

  it('ends with aborted when the signal fires mid-stream, and the mock sees the stream cancelled', async () => {
    await using mock = await served({ completion: { delayMs: 20, chunkSize: 2 } })
    const controller = new AbortController()
    const events: ChatEvent[] = []
    for await (const event of createChatCompletion(mock.config, completionInput(), { signal: controller.signal })) {
      events.push(event)
      if (events.length === 3) controller.abort()
    }
    expect(events).toHaveLength(4)
    expect(lastError(events)).toMatchObject({ type: 'aborted' })
    const stream = mock.server.mock.requests[0]!.stream!
    expect(await stream.ended).toBe('cancelled')
    expect(stream.sentEvents).toBeLessThan(stream.totalEvents)
  })

  it('ends with an idle timeout when the stream stalls', async () => {
    await using mock = await served({ fault: { type: 'stall', afterEvents: 3 } }, { idleTimeoutMs: 150 })
    const events = await drain(createChatCompletion(mock.config, completionInput()))
    expect(lastError(events)).toMatchObject({ type: 'timeout', phase: 'idle', ms: 150 })
    expect(events.length).toBeGreaterThan(1)
  })
})

describe('retrieveDocuments over a socket', () => {
  it("returns the mock's documents, camelCased", async () => {
    await using mock = await served()
    const documents = await retrieveDocuments(mock.config, { messages: [{ role: 'user', content: 'How do I start?' }] })
    if (!documents.ok) throw new Error(documents.error.message)
    expect(documents.value.length).toBeGreaterThan(0)
    expect(documents.value[0]).toMatchObject({ type: 'document', recordType: expect.any(String), url: expect.stringMatching(/^https:/), source: { type: 'content' } })
    expect(documents.value[0]!.source.content[0]).toMatchObject({ type: 'text', mediaType: 'text/markdown' })
    expect((mock.server.mock.requests[0]!.body as { model: string }).model).toBe('inkeep-rag')
  })
})
