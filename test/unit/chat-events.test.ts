import { describe, expect, it } from 'vitest'
import { createChatSession, MAX_ERROR_TEXT_LENGTH, type ChatConfig } from '../../lib/index'
import { chunkEvent, encode, responseOf, toSse } from '../fixtures/sse'
import { drain, lastError } from '../helpers/drain'

const KEY = 'sk-events-0123456789'
const INPUT = { integrationId: 'integration-1', chatSession: { messages: [{ role: 'user' as const, content: 'Hi' }] } }

/** Runs a create call whose every attempt is answered by `respond()`; returns the events and the attempt count. */
async function run(respond: () => Response, config: Partial<ChatConfig> = {}) {
  let attempts = 0
  const fetch = async () => (attempts++, respond())
  const events = await drain(createChatSession({ apiKey: KEY, fetch, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 }, ...config }, INPUT))
  return { events, attempts }
}

/** A body that delivers `chunks`, then fails as a broken connection does. */
function breakingBody(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let index = 0
  return new ReadableStream({
    pull(controller) {
      if (index < chunks.length) controller.enqueue(chunks[index++]!)
      else controller.error(new TypeError('terminated'))
    },
  })
}

const sseHeaders = { 'content-type': 'text/event-stream; charset=utf-8' }

describe('reading a response', () => {
  it.each([
    ['an HTML page', 'text/html; charset=utf-8', '<html><body>Maintenance</body></html>'],
    ['plain text', 'text/plain', 'hello'],
    ['no content type', '', 'data: x\n\n'],
  ])('gives invalid_response for a 200 with %s, keeping the start of the body', async (_, contentType, body) => {
    const headers = contentType ? { 'content-type': contentType } : {}
    const { events, attempts } = await run(() => new Response(new Blob([body]).stream(), { status: 200, headers }))
    const error = lastError(events)
    expect(error).toMatchObject({ type: 'invalid_response', raw: body })
    expect(error.message).toContain(contentType ? `"${contentType.split(';')[0]}"` : 'no content type')
    expect(attempts).toBe(1)
  })

  it('reads application/problem+json and other +json types as JSON', async () => {
    const body = JSON.stringify({ chat_session_id: 's', message: { role: 'assistant', content: 'ok' } })
    const { events } = await run(() => new Response(body, { headers: { 'content-type': 'application/vnd.inkeep+json' } }))
    expect(events).toEqual([{ event: 'chat_result', data: { chatSessionId: 's', message: { role: 'assistant', content: 'ok', recordsCited: undefined } } }])
  })

  it.each([
    ['malformed JSON', '{"chat_session_id": '],
    ['JSON of the wrong shape', '{"chat_session_id": 5}'],
    ['null', 'null'],
  ])('gives invalid_response for a JSON 200 holding %s', async (_, body) => {
    const { events } = await run(() => new Response(body, { headers: { 'content-type': 'application/json' } }))
    expect(lastError(events)).toMatchObject({ type: 'invalid_response', raw: body })
  })

  it('refuses a JSON answer larger than maxEventBytes without reading all of it', async () => {
    const big = JSON.stringify({ chat_session_id: 's', message: { role: 'assistant', content: 'x'.repeat(5000) } })
    const { events } = await run(() => new Response(big, { headers: { 'content-type': 'application/json' } }), { maxEventBytes: 1024 })
    const error = lastError(events)
    expect(error.type).toBe('invalid_response')
    expect(error.message).toContain('maxEventBytes')
  })

  it('keeps an error body up to MAX_ERROR_TEXT_LENGTH characters and summarises it in the message', async () => {
    const html = `<html>${'p'.repeat(10_000)}</html>`
    const { events, attempts } = await run(() => new Response(html, { status: 502, headers: { 'content-type': 'text/html' } }), { retry: false })
    const error = lastError(events)
    expect(error).toMatchObject({ type: 'http', status: 502 })
    expect(error.type === 'http' && error.body.length).toBe(MAX_ERROR_TEXT_LENGTH)
    expect(error.type === 'http' && error.body.startsWith('<html>ppp')).toBe(true)
    expect(error.message.length).toBeLessThan(300)
    expect(attempts).toBe(1)
  })

  it('reports a 422 that is not FastAPI-shaped as a plain http error', async () => {
    const { events } = await run(() => new Response('{"error":"nope"}', { status: 422, headers: { 'content-type': 'application/json' } }))
    expect(lastError(events)).toMatchObject({ type: 'http', status: 422, body: '{"error":"nope"}' })
  })

  it('carries Retry-After on the http error', async () => {
    const { events } = await run(() => new Response('', { status: 429, headers: { 'retry-after': '7' } }), { retry: false })
    expect(lastError(events)).toMatchObject({ type: 'http', status: 429, retryAfterMs: 7000, body: '' })
  })

  it('gives stream_interrupted when the connection breaks after events were delivered, and never retries', async () => {
    const bytes = encode(toSse([chunkEvent('one'), chunkEvent('two')]))
    const { events, attempts } = await run(() => new Response(breakingBody([bytes]), { headers: sseHeaders }))
    expect(events.slice(0, 2).map((event) => event.event === 'message_chunk' && event.data.contentChunk)).toEqual(['one', 'two'])
    expect(lastError(events)).toMatchObject({ type: 'stream_interrupted', eventsReceived: 2 })
    expect(attempts).toBe(1)
  })

  it('retries a stream that broke before its first event, since nothing was delivered', async () => {
    let calls = 0
    const whole = encode(toSse([chunkEvent('complete')]))
    const { events, attempts } = await run(() =>
      ++calls === 1 ? new Response(breakingBody([encode('event: message_chunk\ndata: {"content')]), { headers: sseHeaders }) : responseOf([whole]),
    )
    expect(attempts).toBe(2)
    expect(events).toEqual([{ event: 'message_chunk', data: { chatSessionId: 'session-1', contentChunk: 'complete', finishReason: undefined } }])
  })

  it('gives network after the last attempt when every stream breaks before its first event', async () => {
    const { events, attempts } = await run(() => new Response(breakingBody([]), { headers: sseHeaders }))
    expect(attempts).toBe(3)
    expect(events).toHaveLength(1)
    expect(lastError(events).type).toBe('network')
  })

  it('reports a fetch that throws as a network error without the key, even when its message holds the key', async () => {
    const fetch = async () => {
      throw new Error(`proxy refused Authorization: Bearer ${KEY}`)
    }
    const events = await drain(createChatSession({ apiKey: KEY, fetch, retry: false }, INPUT))
    const error = lastError(events)
    expect(error.type).toBe('network')
    expect(error.message).toContain('proxy refused')
    expect(JSON.stringify(error)).not.toContain(KEY)
    expect(String(error.message)).not.toContain(KEY)
  })
})
