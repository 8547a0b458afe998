import fc from 'fast-check'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { createChatCompletion, retrieveDocuments, type ChatConfig } from '../../../lib/index'
import { CompletionChunkSchema, isCompletionChunk } from '../../../lib/protocols/chat-completions/chunk-schemas'
import { completionInput } from '../../fixtures/completion-chunks'
import { encode, responseOf } from '../../fixtures/sse'
import { TEST_KEY } from '../../helpers/client'
import { drain, lastError } from '../../helpers/drain'

/** A config whose fetch answers `body` with `status` and `contentType`, and counts the requests. */
function answering(body: string, status = 200, contentType = 'application/json', headers: Record<string, string> = {}) {
  const sent = { count: 0 }
  const fetch = async () => {
    sent.count++
    const response = responseOf([encode(body)], contentType, status)
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value)
    return response
  }
  const config: ChatConfig = { apiKey: TEST_KEY, fetch, retry: { attempts: 2, baseDelayMs: 1 } }
  return { config, sent }
}

const completion = (message: Record<string, unknown>, finishReason: string | null = 'stop') =>
  JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'inkeep-qa-expert', choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason }], usage: { total_tokens: 9 } })

describe('a JSON answer (stream: false)', () => {
  it("yields the tool calls' events in order, then the content with the finish reason", async () => {
    const links = JSON.stringify({ links: [{ label: '1', url: 'https://a.example', title: 'A', type: 'documentation' }] })
    const { config } = answering(
      completion({
        content: 'Answer [1].',
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'provideLinks', arguments: links } },
          { id: 'c2', type: 'function', function: { name: 'escalate', arguments: '{"why":"unsure"}' } },
        ],
      }),
    )
    const events = await drain(createChatCompletion(config, completionInput({ stream: false })))
    expect(events).toEqual([
      { event: 'records_cited', data: { citations: [{ number: 1, record: { type: 'documentation', url: 'https://a.example', title: 'A' } }] } },
      { event: 'tool_call', data: { id: 'c2', name: 'escalate', arguments: { why: 'unsure' }, argumentsText: '{"why":"unsure"}' } },
      { event: 'message_chunk', data: { contentChunk: 'Answer [1].', finishReason: 'stop' } },
    ])
  })

  it('reads a null content as empty, and refuses an answer without choices', async () => {
    expect(await drain(createChatCompletion(answering(completion({ content: null })).config, completionInput({ stream: false })))).toEqual([
      { event: 'message_chunk', data: { contentChunk: '', finishReason: 'stop' } },
    ])
    const empty = await drain(createChatCompletion(answering('{"choices":[]}').config, completionInput({ stream: false })))
    expect(lastError(empty)).toMatchObject({ type: 'invalid_response', message: 'Invalid response: chat completion: choices: must hold at least one choice' })
  })
})

describe('a v1 error body', () => {
  it("is an http error with the server's message, the key removed, and Retry-After kept", async () => {
    const body = JSON.stringify({ error: { message: `Invalid key ${TEST_KEY}`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } })
    const { config, sent } = answering(body, 401)
    const error = lastError(await drain(createChatCompletion(config, completionInput())))
    expect(error).toEqual({ type: 'http', status: 401, message: 'The server answered 401: Invalid key [redacted]', body: body.replace(TEST_KEY, '[redacted]') })
    expect(sent.count).toBe(1)

    const limited = answering(JSON.stringify({ error: { message: 'Slow down', type: 'rate_limit' } }), 429, 'application/json', { 'retry-after': '0' })
    const retried = lastError(await drain(createChatCompletion(limited.config, completionInput())))
    expect(retried).toMatchObject({ type: 'http', status: 429, message: 'The server answered 429: Slow down', retryAfterMs: 0 })
    expect(limited.sent.count).toBe(2)
  })

  it("quotes at most 200 characters of the server's message, the whole body kept up to its limit", async () => {
    const long = 'x'.repeat(10_000)
    const body = JSON.stringify({ error: { message: long } })
    const error = lastError(await drain(createChatCompletion(answering(body, 400).config, completionInput())))
    expect(error).toMatchObject({ type: 'http', status: 400, message: `The server answered 400: ${'x'.repeat(199)}…` })
    expect(error.type === 'http' && error.body.length).toBe(4096)
  })

  it('falls back to the plain http error for any other body', async () => {
    const error = lastError(await drain(createChatCompletion(answering('Bad gateway', 502, 'text/plain').config, completionInput())))
    expect(error).toMatchObject({ type: 'http', status: 502, message: 'The server answered 502: Bad gateway', body: 'Bad gateway' })
  })
})

describe('retrieveDocuments', () => {
  const rag = (content: unknown) => answering(completion({ content: typeof content === 'string' ? content : JSON.stringify(content) })).config
  const input = { messages: [{ role: 'user' as const, content: 'How do I start?' }] }

  it('returns camelCased documents', async () => {
    const wire = {
      content: [
        {
          type: 'document',
          record_type: 'documentation',
          url: 'https://docs.example.com/start',
          title: 'Start',
          source: { type: 'content', content: [{ type: 'text', text: 'Install it.' }, { type: 'image', media_type: 'image/png', data: 'iVBOR' }] },
          context: 'Getting started',
        },
        { type: 'document', record_type: 'site', url: 'https://example.com', title: 'Home', source: { type: 'content', content: [] }, context: null },
      ],
    }
    expect(await retrieveDocuments(rag(wire), input)).toEqual({
      ok: true,
      value: [
        {
          type: 'document',
          recordType: 'documentation',
          url: 'https://docs.example.com/start',
          title: 'Start',
          source: { type: 'content', content: [{ type: 'text', text: 'Install it.' }, { type: 'image', mediaType: 'image/png', data: 'iVBOR' }] },
          context: 'Getting started',
        },
        { type: 'document', recordType: 'site', url: 'https://example.com', title: 'Home', source: { type: 'content', content: [] } },
      ],
    })
  })

  it('is invalid_response for content that is not the documents, without quoting it', async () => {
    expect(await retrieveDocuments(rag(`not json ${TEST_KEY}`), input)).toEqual({
      ok: false,
      error: { type: 'invalid_response', message: 'Invalid response: inkeep-rag documents: the answer is not JSON', raw: '' },
    })
    expect(await retrieveDocuments(rag({ content: [{ type: 'document', url: TEST_KEY }] }), input)).toEqual({
      ok: false,
      error: { type: 'invalid_response', message: 'Invalid response: inkeep-rag documents: content.0.record_type: is required: a string', raw: '' },
    })
  })

  it('returns the call error as it is, and refuses bad input without sending', async () => {
    expect(await retrieveDocuments(answering('{"error":{"message":"no"}}', 403).config, input)).toMatchObject({ ok: false, error: { type: 'http', status: 403 } })
    const { config, sent } = answering('{}')
    expect(await retrieveDocuments(config, { messages: [] })).toMatchObject({ ok: false, error: { type: 'invalid_input', message: 'Invalid input: input.messages must hold at least one message' } })
    expect(sent.count).toBe(0)
  })
})

describe('isCompletionChunk', () => {
  const text = fc.oneof(fc.string(), fc.constant(null), fc.constant(undefined), fc.integer())
  const fragment = fc.record(
    { index: fc.oneof(fc.nat(), fc.string()), id: text, function: fc.oneof(fc.constant(null), fc.integer(), fc.record({ name: text, arguments: text }, { requiredKeys: [] })) },
    { requiredKeys: [] },
  )
  const delta = fc.oneof(fc.constant(null), fc.string(), fc.record({ content: text, tool_calls: fc.oneof(fc.constant(null), fc.string(), fc.array(fc.oneof(fragment, fc.integer()))) }, { requiredKeys: [] }))
  const choice = fc.oneof(fc.record({ index: fc.nat(), delta, finish_reason: text }, { requiredKeys: [] }), fc.constant(null))
  const chunk = fc.oneof(fc.record({ choices: fc.oneof(fc.array(choice), fc.string()), usage: fc.anything() }, { requiredKeys: [] }), fc.anything())

  it('gives the same verdict as CompletionChunkSchema', () => {
    fc.assert(
      fc.property(chunk, (json) => {
        expect(isCompletionChunk(json)).toBe(v.is(CompletionChunkSchema, json))
      }),
      { numRuns: 5000 },
    )
  })
})
