import { describe, expect, it } from 'vitest'
import type { ChatError, ChatEvent } from '../../lib/index'
import { toEventStream } from '../../lib/index'
import { DONE, endlessSource, parsedEventsOf, sseMessagesOf, stallingSource, textOf } from '../helpers/event-stream'

const chunk = (contentChunk: string, extra: Partial<{ chatSessionId: string | null; finishReason: string | null }> = {}): ChatEvent => ({
  event: 'message_chunk',
  data: { chatSessionId: 'session-1', contentChunk, finishReason: undefined, ...extra },
})

const ANSWER: ChatEvent[] = [
  chunk('Hello, '),
  chunk('world\n\nevent: error\r\ndata: {}', { finishReason: null }),
  chunk('', { finishReason: 'stop' }),
  { event: 'records_cited', data: { citations: [{ number: 1, record: { type: 'site', url: 'https://inkeep.com', title: null }, hitUrl: undefined }] } },
  { event: 'unknown', name: 'ping', data: 'line 1\nline 2' },
]

async function* yieldAll(events: ChatEvent[]): AsyncGenerator<ChatEvent> {
  yield* events
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Sends errors as they are, for the tests of the stream's framing rather than of what it masks. */
const unmasked = { onError: (error: ChatError) => error }

describe('toEventStream', () => {
  it('writes one SSE message per event: its name as event, its JSON as data; then done', async () => {
    const { messages, comments } = sseMessagesOf(await textOf(toEventStream(yieldAll(ANSWER))))

    expect(messages.map((message) => message.event)).toEqual(['message_chunk', 'message_chunk', 'message_chunk', 'records_cited', 'unknown', 'done'])
    expect(messages.map((message) => JSON.parse(message.data))).toEqual([...ANSWER, DONE])
    expect(messages.map((message) => message.data)).toEqual([...ANSWER, DONE].map((event) => JSON.stringify(event)))
    expect(comments).toEqual([])
  })

  it('writes the v1 events under their own names; a tool call whose text is not JSON goes without arguments', async () => {
    const call = { id: 'call-1', name: 'escalate', arguments: undefined, argumentsText: '{"reason":' }
    const events: ChatEvent[] = [
      { event: 'records_considered', data: { records: [{ type: 'site', url: 'https://inkeep.com', title: 'Inkeep', score: 1 }] } },
      { event: 'message_chunk', data: { contentChunk: 'Hi' } },
      { event: 'ai_annotations', data: { answerConfidence: 'no_sources', explanation: 'Nothing on this.' } },
      { event: 'tool_call', data: call },
    ]
    const { messages } = sseMessagesOf(await textOf(toEventStream(yieldAll(events))))
    expect(messages.map((message) => message.event)).toEqual(['records_considered', 'message_chunk', 'ai_annotations', 'tool_call', 'done'])
    expect(messages.slice(0, -1).map((message) => message.data)).toEqual(events.map((event) => JSON.stringify(event)))
    expect(JSON.parse(messages[3]!.data)).toStrictEqual({ event: 'tool_call', data: { id: 'call-1', name: 'escalate', argumentsText: '{"reason":' } })
  })

  it('names the error event chat_error, its data the whole event, then writes done', async () => {
    const error: ChatEvent = { event: 'error', error: { type: 'aborted', message: 'stopped' } }
    const { messages } = sseMessagesOf(await textOf(toEventStream(yieldAll([chunk('a'), error]), unmasked)))
    expect(messages.map((message) => message.event)).toEqual(['message_chunk', 'chat_error', 'done'])
    expect(JSON.parse(messages[1]!.data)).toEqual(error)
  })

  it('writes done after an empty source', async () => {
    expect(await textOf(toEventStream(yieldAll([])))).toBe('event: done\ndata: {"event":"done"}\n\n')
  })

  it.each(['message', 'done', 'chat_error', ''])('refuses an event named %j, which a reader would take for another', async (name) => {
    const text = await textOf(toEventStream(yieldAll([chunk('a'), { event: name } as unknown as ChatEvent])))
    expect(sseMessagesOf(text).messages.map((message) => message.event)).toEqual(['message_chunk', 'chat_error', 'done'])
    expect(parsedEventsOf(text)[1]).toEqual({ event: 'error', error: { type: 'stream_interrupted', eventsReceived: 1, message: expect.any(String) } })
  })

  it('ends with the error event and closes, leaving a source that would go on', async () => {
    const { events, probe } = endlessSource(chunk('x'))
    const failing = (async function* () {
      yield* [chunk('a'), { event: 'error', error: { type: 'aborted', message: 'stopped' } } as ChatEvent]
      yield* events
    })()

    const parsed = parsedEventsOf(await textOf(toEventStream(failing, unmasked)))
    expect(parsed).toEqual([chunk('a'), { event: 'error', error: { type: 'aborted', message: 'stopped' } }, DONE])
    expect(probe.pulled).toBe(0)
    expect(await failing.next()).toEqual({ done: true, value: undefined })
  })

  it('ends a source that throws after two events with stream_interrupted, eventsReceived 2, not a broken stream', async () => {
    const throwing = (async function* () {
      yield chunk('a')
      yield chunk('b')
      throw new Error('database password is hunter2')
    })()

    const text = await textOf(toEventStream(throwing))
    const parsed = parsedEventsOf(text)
    expect(parsed.slice(0, 2)).toEqual([chunk('a'), chunk('b')])
    expect(parsed[2]).toEqual({ event: 'error', error: { type: 'stream_interrupted', eventsReceived: 2, message: expect.any(String) } })
    expect(parsed.slice(3)).toEqual([DONE])
    expect(text).not.toContain('hunter2')
  })

  it('ends a source that throws before its first event with network', async () => {
    const throwing = (async function* (): AsyncGenerator<ChatEvent> {
      throw new Error('no')
    })()
    expect(parsedEventsOf(await textOf(toEventStream(throwing)))).toEqual([{ event: 'error', error: { type: 'network', message: expect.any(String) } }, DONE])
  })

  it('ends with an error event and leaves the source when a value cannot be written as JSON', async () => {
    const { events, probe } = endlessSource({ event: 'unknown', name: 'big', data: 1n as unknown as string })
    const parsed = parsedEventsOf(await textOf(toEventStream(events)))
    expect(parsed).toEqual([{ event: 'error', error: { type: 'network', message: expect.any(String) } }, DONE])
    expect(probe.left).toBe(true)
  })

  it('refuses an event name with a line break rather than write a field of it', async () => {
    const text = await textOf(toEventStream(yieldAll([chunk('a'), { event: 'x\ndata: injected' } as unknown as ChatEvent])))
    expect(sseMessagesOf(text).messages.map((message) => message.event)).toEqual(['message_chunk', 'chat_error', 'done'])
    expect(text).not.toContain('\ndata: injected')
  })

  it('reads nothing and writes one invalid_input error for invalid options', async () => {
    const { events, probe } = endlessSource(chunk('x'))
    const parsed = parsedEventsOf(await textOf(toEventStream(events, { heartbeatMs: -1 })))
    expect(parsed).toEqual([
      { event: 'error', error: { type: 'invalid_input', message: expect.any(String), issues: [{ path: 'options.heartbeatMs', message: expect.any(String) }] } },
      DONE,
    ])
    expect(probe.pulled).toBe(0)
  })

  it('reads the source only as fast as the stream is read: a reader that stops stops the source', async () => {
    const event: ChatEvent = { event: 'unknown', name: 'filler', data: 'x'.repeat(1000) }
    const { events, probe } = endlessSource(event)
    const reader = toEventStream(events).getReader()
    expect(probe.pulled).toBe(0)

    const first = await reader.read()
    await wait(50)
    const pulled = probe.pulled
    // One chunk gathers at most 16 KiB of ready events; the one after it may be waiting.
    expect(parsedEventsOf(new TextDecoder().decode(first.value)).length).toBeLessThanOrEqual(17)
    expect(pulled).toBeLessThanOrEqual(18)
    await wait(50)
    expect(probe.pulled).toBe(pulled)

    await reader.read()
    await wait(20)
    expect(probe.pulled).toBeGreaterThan(pulled)
    expect(probe.pulled).toBeLessThanOrEqual(pulled + 18)
    await reader.cancel()
  })

  it('calls return() on the source as soon as the stream is cancelled', async () => {
    const { events, probe } = endlessSource(chunk('x'))
    const reader = toEventStream(events).getReader()
    await reader.read()
    await reader.cancel()
    expect(probe.left).toBe(true)
  })

  it('calls return() at once when cancelled while the source is waiting for its next event', async () => {
    const { source, returned } = stallingSource([chunk('a')])
    const reader = toEventStream(source).getReader()
    expect(parsedEventsOf(new TextDecoder().decode((await reader.read()).value))).toEqual([chunk('a')])
    const pending = reader.read()
    await wait(10)
    expect(returned()).toBe(false)

    await reader.cancel()
    expect(returned()).toBe(true)
    expect(await pending).toEqual({ done: true, value: undefined })
  })

  it('writes a heartbeat comment while the source is silent, then the event', async () => {
    const { source, release } = stallingSource([chunk('a')])
    const reader = toEventStream(source, { heartbeatMs: 20 }).getReader()
    const decoder = new TextDecoder()
    expect(decoder.decode((await reader.read()).value)).toContain('event: message_chunk')
    const silence = decoder.decode((await reader.read()).value)
    const { messages, comments } = sseMessagesOf(silence)
    expect(messages).toEqual([])
    expect(comments.length).toBe(1)

    release()
    // Heartbeats may have been written meanwhile; the stream then ends without an error.
    let rest = ''
    for (let read = await reader.read(); !read.done; read = await reader.read()) rest += decoder.decode(read.value)
    expect(parsedEventsOf(rest)).toEqual([DONE])
  })

  it('writes no heartbeat when events keep coming', async () => {
    const text = await textOf(toEventStream(yieldAll(ANSWER), { heartbeatMs: 60_000 }))
    expect(sseMessagesOf(text).comments).toEqual([])
    expect(parsedEventsOf(text)).toEqual([...ANSWER, DONE])
  })
})
