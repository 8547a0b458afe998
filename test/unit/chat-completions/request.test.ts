import { describe, expect, it } from 'vitest'
import { createChatCompletion, retrieveDocuments, type CreateChatCompletionInput } from '../../../lib/index'
import { chunk, completionInput, DONE, sseOf } from '../../fixtures/completion-chunks'
import { encode, fetchReturning } from '../../fixtures/sse'
import { TEST_KEY } from '../../helpers/client'
import { drain } from '../../helpers/drain'

/** The request a v1 call sends for `input`: its URL, headers and parsed JSON body. */
async function requestOf(input: unknown, baseURL?: string) {
  const { fetch, requests } = fetchReturning(() => [encode(sseOf([chunk({}, 'stop'), DONE]))])
  await drain(createChatCompletion({ apiKey: TEST_KEY, fetch, retry: false, baseURL }, input as CreateChatCompletionInput))
  const request = requests[0]!
  return { url: request.url, headers: request.headers, body: await request.json() }
}

const toolNames = (body: { tools?: Array<{ function: { name: string } }> }) => body.tools?.map((tool) => tool.function.name)

describe('the v1 request', () => {
  it('goes to /v1/chat/completions under baseURL and its prefix, streamed, with the bearer key', async () => {
    const { url, headers, body } = await requestOf(completionInput(), 'https://proxy.example.com/inkeep')
    expect(url).toBe('https://proxy.example.com/inkeep/v1/chat/completions')
    expect(headers.get('authorization')).toBe(`Bearer ${TEST_KEY}`)
    expect(headers.get('accept')).toBe('text/event-stream')
    expect(body).toMatchObject({ model: 'inkeep-qa-expert', messages: [{ role: 'user', content: 'How do I get started?' }], stream: true })
  })

  it('spells the conversation in OpenAI snake_case, tool calls and tool results included', async () => {
    const { body } = await requestOf(
      completionInput({
        model: 'inkeep-context-expert',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Weather?' },
          { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'weather', argumentsText: '{"city":"Paris"}' }] },
          { role: 'tool', toolCallId: 'call_1', content: 'sunny' },
        ],
        toolChoice: { type: 'function', function: { name: 'weather' } },
        stream: false,
      }),
    )
    expect(body).toEqual({
      model: 'inkeep-context-expert',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      ],
      tool_choice: { type: 'function', function: { name: 'weather' } },
      stream: false,
    })
  })

  it('asks qa models for links and annotations by default, other models for none', async () => {
    expect(toolNames((await requestOf(completionInput())).body)).toEqual(['provideLinks', 'provideAIAnnotations'])
    expect((await requestOf(completionInput({ model: 'inkeep-context-expert' }))).body.tools).toBeUndefined()
    expect(toolNames((await requestOf(completionInput({ builtInTools: true }))).body)).toEqual(['provideLinks', 'provideAIAnnotations', 'provideRecordsConsidered'])
    expect((await requestOf(completionInput({ builtInTools: false }))).body.tools).toBeUndefined()
    expect(toolNames((await requestOf(completionInput({ model: 'inkeep-context-expert', builtInTools: ['provideRecordsConsidered'] }))).body)).toEqual(['provideRecordsConsidered'])
  })

  it("sends the caller's tools exactly as given, first, and a built-in tool the caller defined only once", async () => {
    const weather = { type: 'function' as const, function: { name: 'weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true }, extra: 1 }
    const ownLinks = { type: 'function' as const, function: { name: 'provideLinks', parameters: { type: 'object' } } }
    const { body } = await requestOf(completionInput({ tools: [weather, ownLinks], toolChoice: 'auto' }))
    expect(body.tools).toEqual([weather, ownLinks, expect.objectContaining({ type: 'function', function: expect.objectContaining({ name: 'provideAIAnnotations' }) })])
    expect(body.tool_choice).toBe('auto')
  })
})

describe('the retrieveDocuments request', () => {
  it('asks inkeep-rag for a JSON object, not streamed', async () => {
    const { fetch, requests } = fetchReturning(() => [encode(JSON.stringify({ choices: [{ message: { role: 'assistant', content: '{"content":[]}' }, finish_reason: 'stop' }] }))], 'application/json')
    const documents = await retrieveDocuments({ apiKey: TEST_KEY, fetch }, { messages: [{ role: 'user', content: 'Docs?' }] })
    expect(documents).toEqual({ ok: true, value: [] })
    expect(requests[0]!.headers.get('accept')).toBe('application/json')
    expect(await requests[0]!.json()).toEqual({ model: 'inkeep-rag', messages: [{ role: 'user', content: 'Docs?' }], response_format: { type: 'json_object' }, stream: false })
  })
})
