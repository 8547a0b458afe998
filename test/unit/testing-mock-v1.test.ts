import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMockInkeep, readMockRequests, type MockCompletionContext, type MockInkeepOptions, type WireToolDefinition } from '../../lib/testing/index'
import { sseMessagesOf } from '../helpers/event-stream'

const URL_BASE = 'http://mock.test'
const COMPLETIONS = `${URL_BASE}/v1/chat/completions`
const KEY = 'sk-mock-v1'

const tool = (name: string): WireToolDefinition => ({ type: 'function', function: { name, parameters: { type: 'object' } } })
const QA_TOOLS = [tool('provideLinks'), tool('provideAIAnnotations'), tool('provideRecordsConsidered')]

const post = (body: unknown, key = KEY, url = COMPLETIONS): Request =>
  new Request(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

const completionBody = (overrides: Record<string, unknown> = {}) => ({
  model: 'inkeep-qa-expert',
  messages: [{ role: 'user', content: 'How do I start?' }],
  tools: QA_TOOLS,
  tool_choice: 'auto',
  stream: true,
  ...overrides,
})

interface ToolCallDelta {
  index: number
  id?: string
  type?: string
  function: { name?: string; arguments?: string }
}
interface Chunk {
  id: string
  object: string
  created: number
  model: string
  choices: Array<{ index: number; delta: { role?: string; content?: string; tool_calls?: ToolCallDelta[] }; finish_reason: string | null }>
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number }
}

/** The SSE messages of a streamed answer, read whole and parsed by eventsource-parser. */
async function streamOf(options: MockInkeepOptions, body: unknown = completionBody()) {
  const mock = createMockInkeep(options)
  const response = await mock.fetch(post(body))
  const { messages } = sseMessagesOf(await response.text())
  const last = messages.at(-1)
  const chunks = (last?.data === '[DONE]' ? messages.slice(0, -1) : messages).map((message) => JSON.parse(message.data) as Chunk)
  return { mock, response, messages, chunks }
}

/** Each tool call of a stream by index: its name, id and the fragments of its arguments, joined. */
function toolCallsOf(chunks: Chunk[]): Array<{ id: string; name: string; fragments: string[]; arguments: string }> {
  const calls: Array<{ id: string; name: string; fragments: string[]; arguments: string }> = []
  for (const call of chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? [])) {
    if (call.id !== undefined) calls[call.index] = { id: call.id, name: call.function.name!, fragments: [], arguments: '' }
    const entry = calls[call.index]!
    if (call.function.arguments) entry.fragments.push(call.function.arguments)
    entry.arguments += call.function.arguments ?? ''
  }
  return calls
}

describe('createMockInkeep on v1: a streamed answer', () => {
  it('sends data-only chunks: the role first, records considered before the text, the other calls after it, then stop and [DONE]', async () => {
    const { response, messages, chunks } = await streamOf({ completion: { content: 'Use the quick start guide.', chunkSize: 8 } })
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    expect(messages.every((message) => message.event === undefined)).toBe(true)
    expect(messages.at(-1)?.data).toBe('[DONE]')

    expect(chunks[0]!.choices[0]).toEqual({ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null })
    const kinds = chunks.map(({ choices: [choice] }) =>
      choice!.finish_reason ?? (choice!.delta.tool_calls ? `call ${choice!.delta.tool_calls[0]!.index}` : choice!.delta.content ? 'text' : 'role'),
    )
    const runs = kinds.filter((kind, at) => kind !== kinds[at - 1])
    expect(runs).toEqual(['role', 'call 0', 'text', 'call 1', 'call 2', 'stop'])
    expect(chunks.at(-1)!.choices[0]!.delta).toEqual({})

    const text = chunks.map((chunk) => chunk.choices[0]!.delta.content ?? '').join('')
    expect(text).toBe('Use the quick start guide.')
    expect(kinds.filter((kind) => kind === 'text').length).toBeGreaterThan(2)
    expect(toolCallsOf(chunks).map((call) => call.name)).toEqual(['provideRecordsConsidered', 'provideLinks', 'provideAIAnnotations'])
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({ id: expect.stringMatching(/^chatcmpl-/), object: 'chat.completion.chunk', model: 'inkeep-qa-expert' })
      expect(Number.isInteger(chunk.created)).toBe(true)
    }
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1)
  })

  it('names a call in its first delta and cuts its arguments into fragments that join to JSON', async () => {
    const { chunks } = await streamOf({ completion: { chunkSize: 10 } })
    const deltas = chunks.flatMap((chunk) => chunk.choices[0]!.delta.tool_calls ?? [])
    const links = toolCallsOf(chunks).find((call) => call.name === 'provideLinks')!
    const index = deltas.findIndex((delta) => delta.id === links.id)
    expect(deltas[index]).toEqual({ index: 1, id: links.id, type: 'function', function: { name: 'provideLinks', arguments: '' } })
    for (const later of deltas.filter((delta, at) => delta.index === 1 && at !== index)) expect(Object.keys(later).sort()).toEqual(['function', 'index'])
    expect(links.fragments.length).toBeGreaterThan(2)
    const { links: sent } = JSON.parse(links.arguments) as { links: Array<{ label: string; url: string; type: string }> }
    expect(sent.length).toBeGreaterThanOrEqual(2)
    expect(sent[0]).toMatchObject({ label: '1', url: 'https://docs.inkeep.com/overview', title: 'Overview', type: 'documentation', breadcrumbs: ['Docs', 'Overview'] })
    expect(sent[0]).toHaveProperty('description')

    const calls = toolCallsOf(chunks)
    expect(JSON.parse(calls[0]!.arguments).recordsConsidered).toContainEqual(expect.objectContaining({ type: 'documentation', url: expect.any(String), title: expect.any(String) }))
    expect(JSON.parse(calls[2]!.arguments)).toEqual({ aiAnnotations: { answerConfidence: 'very_confident', explanation: expect.any(String) } })
    expect(new Set(calls.map((call) => call.id)).size).toBe(3)
  })

  it('calls only the tools the request defines, with the given arguments, `{}` for a caller tool without any', async () => {
    const tools = [tool('provideLinks'), tool('routeToSupport'), tool('tagTopic')]
    const links = [{ url: 'https://example.com/a', title: 'A' }]
    const { chunks } = await streamOf({ completion: { links, toolArguments: { routeToSupport: { escalate: true } } } }, completionBody({ tools }))
    const calls = toolCallsOf(chunks).map(({ name, arguments: text }) => [name, JSON.parse(text)])
    expect(calls).toEqual([
      ['provideLinks', { links }],
      ['routeToSupport', { escalate: true }],
      ['tagTopic', {}],
    ])

    const none = await streamOf({}, completionBody({ tools: undefined }))
    expect(none.chunks.some((chunk) => chunk.choices[0]!.delta.tool_calls)).toBe(false)
  })

  it('leaves a call out whose metadata is null, and sends raw arguments as they are', async () => {
    const { chunks } = await streamOf({ completion: { recordsConsidered: null, aiAnnotations: null, rawArguments: { provideLinks: '{"links": [' } } })
    expect(toolCallsOf(chunks).map(({ name, arguments: text }) => [name, text])).toEqual([['provideLinks', '{"links": [']])
  })

  it('follows tool_choice: none calls nothing, a named function only that one', async () => {
    const none = await streamOf({}, completionBody({ tool_choice: 'none' }))
    expect(toolCallsOf(none.chunks)).toEqual([])
    const named = await streamOf({}, completionBody({ tool_choice: { type: 'function', function: { name: 'provideLinks' } } }))
    expect(toolCallsOf(named.chunks).map((call) => call.name)).toEqual(['provideLinks'])
  })

  it('sends a usage chunk with no choices before [DONE] when stream_options.include_usage is set', async () => {
    const { messages, chunks } = await streamOf({}, completionBody({ stream_options: { include_usage: true } }))
    expect(messages.at(-1)?.data).toBe('[DONE]')
    const last = chunks.at(-1)!
    expect(last.choices).toEqual([])
    expect(last.usage!.total_tokens).toBe(last.usage!.prompt_tokens + last.usage!.completion_tokens)
    expect(last.usage!.completion_tokens).toBeGreaterThan(0)
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('stop')

    const without = await streamOf({})
    expect(without.chunks.some((chunk) => chunk.usage)).toBe(false)
  })

  it('tells a completion function the model, the messages, the tools and the stream flag', async () => {
    const seen: MockCompletionContext[] = []
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookUp', arguments: '{}' } }] },
      { role: 'tool', content: 'found', tool_call_id: 'call_1' },
      { role: 'user', content: 'And then?' },
    ]
    const { chunks } = await streamOf({ completion: (context) => (seen.push(context), { content: `${context.messages.length} messages` }) }, completionBody({ messages }))
    expect(seen).toEqual([{ model: 'inkeep-qa-expert', messages, tools: QA_TOOLS, stream: true }])
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('5 messages')
  })
})

describe('createMockInkeep on v1: an answer as JSON', () => {
  it('answers a chat.completion with the content and the tool calls when stream is false or left out', async () => {
    const mock = createMockInkeep({ completion: { content: 'Whole answer.', aiAnnotations: null, recordsConsidered: null } })
    for (const stream of [false, undefined]) {
      const response = await mock.fetch(post(completionBody({ stream })))
      expect(response.headers.get('content-type')).toBe('application/json')
      const body = await response.json()
      expect(body).toEqual({
        id: expect.stringMatching(/^chatcmpl-/),
        object: 'chat.completion',
        created: expect.any(Number),
        model: 'inkeep-qa-expert',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'Whole answer.', tool_calls: [{ id: expect.any(String), type: 'function', function: { name: 'provideLinks', arguments: expect.any(String) } }] },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number) },
      })
      expect(JSON.parse(body.choices[0].message.tool_calls[0].function.arguments).links).toHaveLength(2)
    }
  })

  it('answers inkeep-rag with documents as a JSON string and no tool calls, streamed or not', async () => {
    const mock = createMockInkeep()
    const body = completionBody({ model: 'inkeep-rag', stream: false, response_format: { type: 'json_object' } })
    const { choices } = await (await mock.fetch(post(body))).json()
    expect(choices[0].message.tool_calls).toBeUndefined()
    const { content } = JSON.parse(choices[0].message.content)
    expect(content.length).toBeGreaterThanOrEqual(2)
    for (const document of content) {
      expect(document).toMatchObject({ type: 'document', record_type: expect.any(String), url: expect.any(String), title: expect.any(String) })
      expect(document.source).toEqual({ type: 'content', content: [expect.objectContaining({ type: 'text', text: expect.any(String) })] })
    }

    const documents = [{ type: 'document' as const, record_type: 'site', url: 'https://example.com', title: 'Example', source: { type: 'content' as const, content: [{ type: 'text' as const, text: 'Hello' }] } }]
    const { chunks } = await streamOf({ completion: { documents } }, { ...body, stream: true })
    expect(JSON.parse(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''))).toEqual({ content: documents })
    expect(toolCallsOf(chunks)).toEqual([])
  })
})

describe('createMockInkeep on v1: errors in OpenAI’s shape', () => {
  const errorOf = async (response: Response) => [response.status, response.headers.get('content-type'), await response.json()]

  it('answers 401 without a bearer key or with another key than the configured one, never echoing it', async () => {
    const mock = createMockInkeep({ apiKey: 'right' })
    const response = await mock.fetch(post(completionBody(), 'sk-wrong-key'))
    const [status, , body] = await errorOf(response)
    expect(status).toBe(401)
    expect(body).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', param: null, code: 'invalid_api_key' } })
    expect(JSON.stringify(body)).not.toContain('sk-wrong-key')
    expect((await mock.fetch(new Request(COMPLETIONS, { method: 'POST', body: '{}' }))).status).toBe(401)
    expect((await mock.fetch(post(completionBody({ stream: false }), 'right'))).status).toBe(200)
  })

  it('answers 400 naming the parameter for a body that is not a valid request', async () => {
    const mock = createMockInkeep()
    const cases: Array<[unknown, string | null, string]> = [
      [{ messages: [{ role: 'user', content: 'q' }] }, 'model', 'missing_required_parameter'],
      [completionBody({ model: '' }), 'model', 'invalid_value'],
      [completionBody({ messages: [] }), 'messages', 'invalid_value'],
      [completionBody({ messages: [{ role: 'robot', content: 'q' }] }), 'messages.0.role', 'invalid_type'],
      [completionBody({ messages: [{ role: 'user', content: 42 }] }), 'messages.0.content', 'invalid_type'],
      [completionBody({ tools: [{ type: 'function', function: {} }] }), 'tools.0.function.name', 'missing_required_parameter'],
      [completionBody({ stream: 'yes' }), 'stream', 'invalid_type'],
    ]
    for (const [body, param, code] of cases) {
      const [status, contentType, error] = await errorOf(await mock.fetch(post(body)))
      expect([status, contentType]).toEqual([400, 'application/json'])
      expect(error).toEqual({ error: { message: expect.stringContaining(`'${param}'`), type: 'invalid_request_error', param, code } })
    }
    const [status, , notJson] = await errorOf(await mock.fetch(post('{oops')))
    expect(status).toBe(400)
    expect(notJson.error).toMatchObject({ type: 'invalid_request_error', message: expect.any(String) })
  })

  it('answers 404 for another path under /v1/, and 405 for another method', async () => {
    const mock = createMockInkeep()
    const [status, , body] = await errorOf(await mock.fetch(post(completionBody(), KEY, `${URL_BASE}/v1/completions`)))
    expect(status).toBe(404)
    expect(body.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining('/v1/completions') })
    const get = await mock.fetch(new Request(COMPLETIONS, { headers: { authorization: `Bearer ${KEY}` } }))
    expect([get.status, (await get.json()).error.type]).toEqual([405, 'invalid_request_error'])
  })
})

describe('createMockInkeep on v1: faults and a failure mid-stream', () => {
  it('answers a status fault in OpenAI’s shape with Retry-After, or its own body when given', async () => {
    const mock = createMockInkeep({ fault: { type: 'status', status: 429, retryAfter: '3', times: 1 } })
    const first = await mock.fetch(post(completionBody()))
    expect([first.status, first.headers.get('retry-after')]).toEqual([429, '3'])
    expect(await first.json()).toEqual({ error: { message: 'Mock fault: status 429', type: 'rate_limit_error', param: null, code: null } })
    expect((await mock.fetch(post(completionBody()))).status).toBe(200)

    const given = createMockInkeep({ fault: { type: 'status', status: 503, body: '{"error":{"message":"Down for upkeep"}}' } })
    expect(await (await given.fetch(post(completionBody()))).text()).toBe('{"error":{"message":"Down for upkeep"}}')
    const server = createMockInkeep({ fault: { type: 'status', status: 500 } })
    expect((await (await server.fetch(post(completionBody()))).json()).error.type).toBe('server_error')
  })

  it('drops the connection after the given chunks', async () => {
    const mock = createMockInkeep({ fault: { type: 'drop', afterEvents: 3 } })
    const response = await mock.fetch(post(completionBody()))
    await expect(response.text()).rejects.toThrow(/dropped/)
    expect(await mock.requests[0]!.stream!.ended).toBe('dropped')
    expect(mock.requests[0]!.stream!.sentEvents).toBe(3)
  })

  it('sends a chunk that is not JSON after the given chunks', async () => {
    const mock = createMockInkeep({ fault: { type: 'malformed', afterEvents: 2 } })
    const { messages } = sseMessagesOf(await (await mock.fetch(post(completionBody()))).text())
    expect(() => JSON.parse(messages[2]!.data)).toThrow()
    expect(messages[2]!.event).toBeUndefined()
    expect(messages.at(-1)?.data).toBe('[DONE]')
  })

  it('stalls after the given chunks, and sends a raw body, as on v0', async () => {
    const stalled = createMockInkeep({ fault: { type: 'stall', afterEvents: 1, heartbeatMs: 5 } })
    const reader = (await stalled.fetch(post(completionBody()))).body!.getReader()
    const decoder = new TextDecoder()
    const parts: string[] = []
    for (let read = 0; read < 3; read++) parts.push(decoder.decode((await reader.read()).value))
    await reader.cancel()
    expect(parts[0]).toMatch(/^data: \{"id":"chatcmpl-/)
    expect(parts.slice(1)).toEqual([': heartbeat\n\n', ': heartbeat\n\n'])
    expect(await stalled.requests[0]!.stream!.ended).toBe('cancelled')

    const raw = createMockInkeep({ fault: { type: 'raw', afterEvents: 1, body: 'data: {"oops"\n\n' } })
    const text = await (await raw.fetch(post(completionBody({ stream: false })))).text()
    expect(text.endsWith('\n\ndata: {"oops"\n\n')).toBe(true)
  })

  it('ends a stream with an error message after the given chunks, and answers JSON with a 500', async () => {
    const completion = { streamError: { afterEvents: 4, message: 'Upstream model failed' } }
    const { messages, chunks } = await streamOf({ completion })
    expect(messages).toHaveLength(5)
    expect(messages.every((message) => message.data !== '[DONE]')).toBe(true)
    expect(chunks.at(-1)).toEqual({ error: { message: 'Upstream model failed', type: 'server_error' } })

    const response = await createMockInkeep({ completion }).fetch(post(completionBody({ stream: false })))
    expect([response.status, (await response.json()).error]).toEqual([500, { message: 'Upstream model failed', type: 'server_error', param: null, code: null }])
  })
})

describe('createMockInkeep on v1: the request log', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('records v1 requests as v0 ones: body, status, stream progress, the key left out of snapshots', async () => {
    const mock = createMockInkeep({ completion: { chunkSize: 1000 } })
    await (await mock.fetch(post(completionBody({ tools: [tool('provideLinks')] }), 'sk-mock-secret'))).text()
    await mock.fetch(post(completionBody({ messages: [] })))

    vi.stubGlobal('fetch', mock.fetch)
    const snapshots = await readMockRequests(URL_BASE)
    expect(snapshots).toEqual([
      {
        method: 'POST',
        path: '/v1/chat/completions',
        headers: { authorization: 'Bearer [redacted]', 'content-type': 'application/json' },
        body: completionBody({ tools: [tool('provideLinks')] }),
        status: 200,
        stream: { sentEvents: 6, totalEvents: 6, end: 'completed' },
      },
      expect.objectContaining({ path: '/v1/chat/completions', status: 400 }),
    ])
    expect(JSON.stringify(snapshots)).not.toContain('sk-mock-secret')
    expect(mock.requests[0]!.headers.get('authorization')).toBe('Bearer sk-mock-secret')
  })
})
