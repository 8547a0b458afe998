import { UI_MESSAGE_STREAM_HEADERS } from 'ai'
import { describe, expect, it } from 'vitest'
import { toUIMessageStreamResponse } from '../../../lib/ai-sdk/index'
import type { ChatEvent } from '../../../lib/index'

async function* answer(): AsyncGenerator<ChatEvent> {
  yield { event: 'message_chunk', data: { contentChunk: 'Hi' } }
}

describe('toUIMessageStreamResponse', () => {
  it("sends the headers ai's own server sends, with no-transform added to cache-control, and status 200", () => {
    const response = toUIMessageStreamResponse(answer())
    expect(response.status).toBe(200)
    // no-transform keeps a proxy from compressing, and so holding back, the stream, as toEventStreamResponse does.
    expect(Object.fromEntries(response.headers)).toEqual({ ...UI_MESSAGE_STREAM_HEADERS, 'cache-control': `${UI_MESSAGE_STREAM_HEADERS['cache-control']}, no-transform` })
  })

  it('merges init.headers over them whatever their case, and keeps the rest of init', () => {
    const response = toUIMessageStreamResponse(answer(), { status: 201, statusText: 'Made', headers: { 'Cache-Control': 'no-store', 'x-request-id': 'r-1' } })
    expect(response.status).toBe(201)
    expect(response.statusText).toBe('Made')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('x-request-id')).toBe('r-1')
    expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1')
  })

  it('puts init.messageId into the start part', async () => {
    const text = await toUIMessageStreamResponse(answer(), { messageId: 'm-9' }).text()
    expect(text.startsWith('data: {"type":"start","messageId":"m-9"}\n\n')).toBe(true)
  })
})
