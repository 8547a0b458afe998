import OpenAI, { APIError } from 'openai'
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions'
import { describe, expect, it } from 'vitest'
import { readMockRequests } from '../../lib/testing/index'
import type { ServeMockInkeepOptions } from '../../lib/testing/node'
import { startMockServer, TEST_KEY } from '../helpers/server'

// openai-node is the judge of the mock's v1 wire: what it assembles from the mock's answers is what
// an app using it against Inkeep would get.

const LINKS_TOOL: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'provideLinks',
    description: 'Provides links',
    parameters: { type: 'object', properties: { links: { type: 'array', items: { type: 'object' } } } },
  },
}
const TOOLS: ChatCompletionTool[] = [
  LINKS_TOOL,
  { type: 'function', function: { name: 'provideAIAnnotations', parameters: { type: 'object' } } },
  { type: 'function', function: { name: 'provideRecordsConsidered', parameters: { type: 'object' } } },
]
const MESSAGES: ChatCompletionMessageParam[] = [{ role: 'user', content: 'How do I get started?' }]
const LINKS = [
  { label: '1', url: 'https://docs.example.com/start', title: 'Start', description: 'How to start.', type: 'documentation', breadcrumbs: ['Docs'] },
  { label: '2', url: 'https://example.com', title: 'Example', type: 'site' },
]

/** An openai-node client of a mock served on loopback, which retries nothing. */
async function clientOf(options: ServeMockInkeepOptions = {}): Promise<{ client: OpenAI; url: string }> {
  const server = await startMockServer({ apiKey: TEST_KEY, ...options })
  return { client: new OpenAI({ apiKey: TEST_KEY, baseURL: `${server.url}/v1`, maxRetries: 0 }), url: server.url }
}

/** The name and parsed arguments of each tool call of a message. */
const callsOf = (message: OpenAI.Chat.ChatCompletionMessage) =>
  (message.tool_calls ?? []).map((call) => (call.type === 'function' ? [call.function.name, JSON.parse(call.function.arguments)] : [call.type]))

describe('the mock on v1, judged by openai-node', () => {
  it('streams an answer that chat.completions.stream assembles into the content and a provideLinks call', async () => {
    const { client, url } = await clientOf({ completion: { content: 'Start with the quick start [1].', chunkSize: 5, links: LINKS } })
    const stream = client.chat.completions.stream({ model: 'inkeep-qa-expert', messages: MESSAGES, tools: TOOLS, tool_choice: 'auto' })
    const deltas: string[] = []
    stream.on('content', (delta) => deltas.push(delta))
    const completion = await stream.finalChatCompletion()
    const { message, finish_reason } = completion.choices[0]!
    expect(message.content).toBe('Start with the quick start [1].')
    expect(deltas.length).toBeGreaterThan(2)
    expect(finish_reason).toBe('stop')
    const calls = callsOf(message)
    expect(calls.map(([name]) => name)).toEqual(['provideRecordsConsidered', 'provideLinks', 'provideAIAnnotations'])
    expect(calls.find(([name]) => name === 'provideLinks')![1]).toEqual({ links: LINKS })

    // openai-node's own headers (`x-stainless-*`) reach the mock and are no reason to refuse.
    const [request] = await readMockRequests(url)
    expect(request).toMatchObject({ path: '/v1/chat/completions', status: 200, body: expect.objectContaining({ stream: true }) })
    expect(Object.keys(request!.headers).filter((name) => name.startsWith('x-stainless-')).length).toBeGreaterThan(0)
  })

  it('answers create({ stream: false }) with the content and the tool calls, a caller tool given `{}`', async () => {
    const { client } = await clientOf({ completion: { content: 'Whole answer.', recordsConsidered: null } })
    const tools: ChatCompletionTool[] = [...TOOLS, { type: 'function', function: { name: 'escalate', parameters: { type: 'object' } } }]
    const completion = await client.chat.completions.create({ model: 'inkeep-qa-expert', messages: MESSAGES, tools, stream: false })
    expect(completion.object).toBe('chat.completion')
    const { message } = completion.choices[0]!
    expect(message.content).toBe('Whole answer.')
    const calls = callsOf(message)
    expect(calls.map(([name]) => name)).toEqual(['provideLinks', 'provideAIAnnotations', 'escalate'])
    expect(calls[0]![1].links).toHaveLength(2)
    expect(calls[1]![1]).toEqual({ aiAnnotations: expect.objectContaining({ answerConfidence: 'very_confident' }) })
    expect(calls[2]![1]).toEqual({})
    expect(completion.usage!.total_tokens).toBeGreaterThan(0)
  })

  it('answers inkeep-rag with content that parses to documents', async () => {
    const { client } = await clientOf()
    const completion = await client.chat.completions.create({
      model: 'inkeep-rag',
      messages: MESSAGES,
      response_format: { type: 'json_object' },
      stream: false,
    })
    const { content } = JSON.parse(completion.choices[0]!.message.content!) as { content: Array<Record<string, unknown>> }
    expect(content.length).toBeGreaterThanOrEqual(2)
    expect(content[0]).toMatchObject({ type: 'document', record_type: 'documentation', url: 'https://docs.inkeep.com/overview', source: { type: 'content' } })
    expect(completion.choices[0]!.message.tool_calls).toBeUndefined()
  })

  it('streams create({ stream: true }) chunk by chunk, the usage last when asked for', async () => {
    const { client } = await clientOf({ completion: { content: 'One two three four.', chunkSize: 4 } })
    const stream = await client.chat.completions.create({
      model: 'inkeep-qa-expert',
      messages: MESSAGES,
      tools: [LINKS_TOOL],
      stream: true,
      stream_options: { include_usage: true },
    })
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = []
    for await (const chunk of stream) chunks.push(chunk)
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant')
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('One two three four.')
    const fragments = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []).map((call) => call.function?.arguments ?? '')
    expect(JSON.parse(fragments.join('')).links).toHaveLength(2)
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('stop')
    const last = chunks.at(-1)!
    expect(last.choices).toEqual([])
    expect(last.usage).toEqual({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number) })
  })

  it('gives an APIError carrying the mock’s message for an error status', async () => {
    const { client } = await clientOf({ fault: { type: 'status', status: 503, retryAfter: '1' } })
    const failure = await client.chat.completions.create({ model: 'inkeep-qa-expert', messages: MESSAGES, stream: false }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(APIError)
    expect((failure as APIError).status).toBe(503)
    expect((failure as APIError).error).toEqual({ message: 'Mock fault: status 503', type: 'server_error', param: null, code: null })

    const { url } = await clientOf()
    const wrongKey = new OpenAI({ apiKey: 'sk-wrong', baseURL: `${url}/v1`, maxRetries: 0 })
    const refused = await wrongKey.chat.completions.create({ model: 'inkeep-qa-expert', messages: MESSAGES }).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(OpenAI.AuthenticationError)
    expect((refused as APIError).code).toBe('invalid_api_key')
    expect((refused as APIError).message).not.toContain('sk-wrong')

    const invalid = await (await clientOf()).client.chat.completions.create({ model: '', messages: MESSAGES }).catch((error: unknown) => error)
    expect(invalid).toBeInstanceOf(OpenAI.BadRequestError)
    expect((invalid as APIError).param).toBe('model')
  })

  it('gives an APIError when the stream ends with an error message, after the chunks before it', async () => {
    const { client } = await clientOf({ completion: { content: 'Partial answer', chunkSize: 4, streamError: { afterEvents: 3, message: 'Upstream model failed' } } })
    const stream = await client.chat.completions.create({ model: 'inkeep-qa-expert', messages: MESSAGES, stream: true })
    const content: string[] = []
    const failure = await (async () => {
      for await (const chunk of stream) content.push(chunk.choices[0]?.delta.content ?? '')
    })().catch((error: unknown) => error)
    expect(content.join('')).toBe('Partial ')
    expect(failure).toBeInstanceOf(APIError)
    expect((failure as APIError).error).toEqual({ message: 'Upstream model failed', type: 'server_error' })
  })
})
