import { describe, expect, it } from 'vitest'
import { toEventStreamResponse, type ChatEvent } from '../../lib/index'
import { DONE, parsedEventsOf, sseMessagesOf, stallingSource } from '../helpers/event-stream'

const EVENTS: ChatEvent[] = [{ event: 'message_chunk', data: { chatSessionId: 's', contentChunk: 'hi', finishReason: undefined } }]
async function* yieldAll(events: ChatEvent[]): AsyncGenerator<ChatEvent> {
  yield* events
}

describe('toEventStreamResponse', () => {
  it('answers 200 with the SSE headers and the events as its body', async () => {
    const response = toEventStreamResponse(yieldAll(EVENTS))
    expect(response.status).toBe(200)
    expect(Object.fromEntries(response.headers)).toEqual({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    })
    expect(parsedEventsOf(await response.text())).toEqual([...EVENTS, DONE])
  })

  it('merges init headers over the defaults, whatever their case, and keeps the status', async () => {
    const response = toEventStreamResponse(yieldAll(EVENTS), {
      status: 201,
      headers: [['Access-Control-Allow-Origin', '*'], ['Cache-Control', 'no-store']],
    })
    expect(response.status).toBe(201)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
  })

  it('passes heartbeatMs on to the stream', async () => {
    const { source, release } = stallingSource([])
    const reader = toEventStreamResponse(source, { heartbeatMs: 10 }).body!.getReader()
    expect(sseMessagesOf(new TextDecoder().decode((await reader.read()).value)).comments).toHaveLength(1)
    release()
    await reader.cancel()
  })
})
