import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readChatEvents, toEventStream, type ChatEvent } from '../../lib/index'
import { encode, responseOf, splitAt } from '../fixtures/sse'
import { cutBytes, cuts, sseSoup } from '../fixtures/sse-arbitraries'
import { drain, lastError } from '../helpers/drain'
import { expectOneErrorAfter } from '../helpers/faults'

const chunk = (contentChunk: string): ChatEvent => ({ event: 'message_chunk', data: { chatSessionId: 's', contentChunk } })
/** One message as toEventStream writes it; an error under the name earlier versions gave it, `error`, which is still read. */
const sse = (event: ChatEvent): string => `event: ${event.event}\ndata: ${JSON.stringify(event)}\n\n`
const DONE = 'event: done\ndata: {"event":"done"}\n\n'

/** A byte stream that sends `chunks`, then breaks, stalls or ends; it records being cancelled. */
function bodyOf(chunks: string[], after: 'end' | 'break' | 'stall' = 'end') {
  const seen = { cancelled: false, reads: 0 }
  let index = 0
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        seen.reads++
        if (index < chunks.length) return controller.enqueue(encode(chunks[index++]!))
        if (after === 'end') return controller.close()
        if (after === 'break') return controller.error(new TypeError('terminated'))
        return new Promise(() => {})
      },
      cancel() {
        seen.cancelled = true
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, seen }
}

const sseResponse = (body: BodyInit | null, init: ResponseInit = {}): Response =>
  new Response(body, { status: 200, ...init, headers: { 'content-type': 'text/event-stream; charset=utf-8', ...init.headers } })

describe('readChatEvents', () => {
  it('yields the events of a Response or of a bare stream, split anywhere', async () => {
    const events = [chunk('a'), chunk('b'), { event: 'unknown', name: 'ping', data: '' } as ChatEvent]
    const bytes = encode(events.map(sse).join('') + DONE)
    expect(await drain(readChatEvents(responseOf(splitAt(bytes, [1, 17, 40, 41]))))).toStrictEqual(events)
    expect(await drain(readChatEvents(responseOf(Array.from(bytes, (_, i) => bytes.slice(i, i + 1))).body!))).toStrictEqual(events)
  })

  it('passes an event name it does not know through as unknown, and ignores comments', async () => {
    const text = `: heartbeat\n\nevent: usage\ndata: {"id":1}\n\ndata: plain\n\n${DONE}`
    expect(await drain(readChatEvents(sseResponse(text)))).toEqual([
      { event: 'unknown', name: 'usage', data: '{"id":1}' },
      { event: 'unknown', name: 'message', data: 'plain' },
    ])
  })

  it('keeps earlier events and ends with invalid_response when an event fails its schema', async () => {
    const bad = `event: message_chunk\ndata: ${JSON.stringify({ event: 'message_chunk', data: { content_chunk: 'snake' } })}\n\n`
    const { stream, seen } = bodyOf([sse(chunk('a')) + bad, sse(chunk('never'))])
    const events = await drain(readChatEvents(stream))
    const error = expectOneErrorAfter(events, [chunk('a')], 'invalid_response')
    expect(error.message).toContain('message_chunk event: contentChunk')
    expect(seen.cancelled).toBe(true)
  })

  it.each([
    ['not JSON', 'event: records_cited\ndata: {\n\n', 'Invalid JSON'],
    ['an event field that differs from the SSE name', `event: records_cited\ndata: ${JSON.stringify(chunk('a'))}\n\n`, '"event" field'],
    ['an error of an unknown type', 'event: error\ndata: {"event":"error","error":{"type":"teapot","message":"x"}}\n\n', 'error.type'],
    ['an http error without its status', 'event: error\ndata: {"event":"error","error":{"type":"http","message":"x","body":""}}\n\n', 'status'],
  ])('refuses %s with invalid_response', async (_, text, problem) => {
    const error = lastError(await drain(readChatEvents(sseResponse(text))))
    expect(error.type).toBe('invalid_response')
    expect(error.message).toContain(problem)
  })

  it('stops after an error event, even when more follow, and cancels the body', async () => {
    const error: ChatEvent = { event: 'error', error: { type: 'http', status: 401, body: 'no', message: 'The server answered 401: no' } }
    const { stream, seen } = bodyOf([sse(chunk('a')) + sse(error) + sse(chunk('b'))], 'stall')
    expect(await drain(readChatEvents(stream))).toStrictEqual([chunk('a'), error])
    expect(seen.cancelled).toBe(true)
  })

  it('has cancelled the body by the time it hands out the error, for a caller that never calls next() again', async () => {
    const error: ChatEvent = { event: 'error', error: { type: 'http', status: 401, body: 'no', message: 'The server answered 401: no' } }
    const { stream, seen } = bodyOf([sse(chunk('a')), sse(error)], 'stall')
    const events = readChatEvents(stream)
    expect((await events.next()).value).toStrictEqual(chunk('a'))
    expect((await events.next()).value).toStrictEqual(error)
    expect(seen.cancelled).toBe(true)
  })

  it('gives http with the status and body of a non-2xx response', async () => {
    const response = new Response('{"detail":"Invalid or missing API key"}', { status: 401, headers: { 'content-type': 'application/json' } })
    const events = await drain(readChatEvents(response))
    expect(events).toEqual([{ event: 'error', error: { type: 'http', status: 401, body: '{"detail":"Invalid or missing API key"}', message: expect.any(String) } }])
  })

  it('gives invalid_response, with the start of the body, for a 200 that is not SSE', async () => {
    const error = lastError(await drain(readChatEvents(new Response('<html>hi</html>', { headers: { 'content-type': 'text/html' } }))))
    expect(error).toEqual({ type: 'invalid_response', raw: '<html>hi</html>', message: expect.stringContaining('"text/html"') })
  })

  it('ends at done: what follows is not read, and the body is cancelled', async () => {
    const { stream, seen } = bodyOf([sse(chunk('a')) + DONE + sse(chunk('after'))], 'stall')
    expect(await drain(readChatEvents(stream))).toStrictEqual([chunk('a')])
    expect(seen.cancelled).toBe(true)
  })

  it('gives stream_interrupted when the body ends cleanly without done, network when it had no event', async () => {
    const cut = await drain(readChatEvents(sseResponse(sse(chunk('a')) + sse(chunk('b')))))
    const error = expectOneErrorAfter(cut, [chunk('a'), chunk('b')], 'stream_interrupted')
    expect(error).toMatchObject({ eventsReceived: 2, message: expect.stringContaining('done') })
    expectOneErrorAfter(await drain(readChatEvents(sseResponse(': heartbeat\n\n'))), [], 'network')
    expectOneErrorAfter(await drain(readChatEvents(sseResponse(null))), [], 'network')
  })

  it('reads the error event under its name chat_error, and under error as earlier versions wrote it', async () => {
    const error: ChatEvent = { event: 'error', error: { type: 'network', message: 'gone' } }
    const data = JSON.stringify(error)
    for (const name of ['chat_error', 'error']) {
      expect(await drain(readChatEvents(sseResponse(`${sse(chunk('a'))}event: ${name}\ndata: ${data}\n\n${DONE}`)))).toStrictEqual([chunk('a'), error])
    }
  })

  it('refuses a done whose data is not the done event', async () => {
    const error = lastError(await drain(readChatEvents(sseResponse(`${sse(chunk('a'))}event: done\ndata: {"event":"message_chunk"}\n\n`))))
    expect(error).toMatchObject({ type: 'invalid_response', message: expect.stringContaining('done event') })
  })

  it('gives stream_interrupted with the count after a break in the connection, network before any event', async () => {
    const after = await drain(readChatEvents(bodyOf([sse(chunk('a')) + sse(chunk('b'))], 'break').stream))
    expect(expectOneErrorAfter(after, [chunk('a'), chunk('b')], 'stream_interrupted')).toMatchObject({ eventsReceived: 2 })
    expectOneErrorAfter(await drain(readChatEvents(bodyOf([], 'break').stream)), [], 'network')
  })

  it('ends with an idle timeout when no byte arrives for idleTimeoutMs, and cancels the body', async () => {
    const { stream, seen } = bodyOf([sse(chunk('a'))], 'stall')
    const events = await drain(readChatEvents(stream, { idleTimeoutMs: 30 }))
    expect(expectOneErrorAfter(events, [chunk('a')], 'timeout')).toMatchObject({ phase: 'idle', ms: 30 })
    expect(seen.cancelled).toBe(true)
  })

  it('refuses an event larger than maxEventBytes', async () => {
    const events = await drain(readChatEvents(sseResponse(sse(chunk('a')) + sse(chunk('x'.repeat(3000)))), { maxEventBytes: 2048 }))
    expect(expectOneErrorAfter(events, [chunk('a')], 'invalid_response').message).toContain('maxEventBytes')
  })

  it('cancels the body when the loop is left with break', async () => {
    const { stream, seen } = bodyOf([sse(chunk('a')), sse(chunk('b'))], 'stall')
    for await (const event of readChatEvents(stream)) {
      expect(event).toEqual(chunk('a'))
      break
    }
    expect(seen.cancelled).toBe(true)
  })

  it('ends with aborted, cancelling the body, when the signal aborts', async () => {
    const { stream, seen } = bodyOf([sse(chunk('a'))], 'stall')
    const controller = new AbortController()
    const events = readChatEvents(stream, { signal: controller.signal })
    expect((await events.next()).value).toEqual(chunk('a'))
    const pending = events.next()
    controller.abort()
    expect((await pending).value).toEqual({ event: 'error', error: { type: 'aborted', message: expect.any(String) } })
    expect(await events.next()).toEqual({ done: true, value: undefined })
    expect(seen.cancelled).toBe(true)
  })

  it('reads nothing and yields one invalid_input for invalid options', async () => {
    const { stream, seen } = bodyOf([sse(chunk('a'))])
    const events = await drain(readChatEvents(stream, { idleTimeoutMs: 0, maxEventBytes: 10, signal: 'no' as unknown as AbortSignal }))
    expect(events).toEqual([{ event: 'error', error: { type: 'invalid_input', message: expect.any(String), issues: expect.any(Array) } }])
    const { issues } = lastError(events) as { issues: Array<{ path: string }> }
    expect(issues.map((issue) => issue.path).sort()).toEqual(['options.idleTimeoutMs', 'options.maxEventBytes', 'options.signal'])
    expect(seen.reads).toBe(0)
  })

  it('refuses a source that is neither a Response nor a stream, or whose body is already being read', async () => {
    const notASource = lastError(await drain(readChatEvents('text' as unknown as Response)))
    expect(notASource).toMatchObject({ type: 'invalid_input', issues: [{ path: 'source' }] })
    const { stream } = bodyOf([])
    stream.getReader()
    expect(lastError(await drain(readChatEvents(stream)))).toMatchObject({ type: 'invalid_input', issues: [{ path: 'source' }] })
  })

  it('does nothing before the first next()', async () => {
    const { stream, seen } = bodyOf([sse(chunk('a'))])
    readChatEvents(stream)
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(seen.reads).toBe(0)
    expect(stream.locked).toBe(false)
  })

  it('reads the events of a v1 answer: no session id, the records considered, annotations and tool calls', async () => {
    const events: ChatEvent[] = [
      { event: 'records_considered', data: { records: [{ type: 'documentation', url: 'https://docs.example.com', title: 'Docs', score: 0.8 }] } },
      { event: 'message_chunk', data: { contentChunk: 'Use the CLI.' } },
      { event: 'message_chunk', data: { contentChunk: '', finishReason: 'stop' } },
      { event: 'records_cited', data: { citations: [{ number: 1, record: { type: 'documentation', url: 'https://docs.example.com', title: 'Docs' } }] } },
      { event: 'ai_annotations', data: { answerConfidence: 'very_confident', extra: { kept: true } } },
      { event: 'tool_call', data: { id: 'call-1', name: 'escalate', arguments: { reason: 'billing' }, argumentsText: '{"reason":"billing"}' } },
      { event: 'tool_call', data: { id: 'call-2', name: 'escalate', arguments: undefined, argumentsText: '{"reason":' } },
    ]
    const bytes = encode(events.map(sse).join('') + DONE)
    expect(await drain(readChatEvents(responseOf(splitAt(bytes, [3, 70, 200, 201]))))).toStrictEqual(events)
  })

  it('reads what toEventStream wrote, unknown events and the final error included', async () => {
    const events: ChatEvent[] = [chunk('a'), { event: 'unknown', name: 'x', data: 'y' }, { event: 'error', error: { type: 'network', message: 'gone' } }]
    expect(await drain(readChatEvents(toEventStream((async function* () { yield* events })(), { onError: (error) => error })))).toStrictEqual(events)
  })
})

describe('readChatEvents on arbitrary bytes', () => {
  it('never throws, and yields at most one error, last', async () => {
    await fc.assert(
      fc.asyncProperty(sseSoup, cuts, async (text, how) => {
        const events = await drain(readChatEvents(responseOf(cutBytes(encode(text), how))))
        const errors = events.filter((event) => event.event === 'error')
        expect(errors.length).toBeLessThanOrEqual(1)
        if (errors.length) expect(events.at(-1)?.event).toBe('error')
      }),
      { numRuns: 300 },
    )
  })
})
