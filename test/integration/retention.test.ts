import { describe, expect, it } from 'vitest'
import { createChatSession, type ChatEvent } from '../../lib/index'
import { serveForTest } from '../helpers/faults'
import { heapAfterGc } from '../helpers/memory'
import { TEST_KEY } from '../helpers/server'

const EVENTS = 1000
// Each event travels with a 64 KiB SSE comment, so that every network chunk is mostly comment.
const PADDING = `: ${'x'.repeat(64 * 1024)}\n`

describe('events kept by the caller', () => {
  it('do not keep the network chunks they came in alive', async (context) => {
    const citations = [{ number: 1, record: { type: 'documentation', url: 'https://docs.example.com/a', title: 'A' }, hit_url: 'https://docs.example.com/a#1' }]
    const server = await serveForTest(context, {
      fault: {
        type: 'raw',
        body: function* () {
          for (let i = 0; i < EVENTS; i++) {
            yield `event: message_chunk\ndata: {"chat_session_id":"s","content_chunk":"${i} "}\n\n${PADDING}`
          }
          yield `event: records_cited\ndata: ${JSON.stringify({ citations })}\n\n${PADDING}`
        },
      },
    })
    const heapBefore = await heapAfterGc()
    const kept: ChatEvent[] = []
    for await (const event of createChatSession({ apiKey: TEST_KEY, baseURL: server.url, retry: false }, { integrationId: 'i', chatSession: { messages: [{ role: 'user', content: 'q' }] } })) {
      kept.push(event)
    }
    const heapKept = (await heapAfterGc()) - heapBefore
    expect(kept.map((event) => event.event)).toEqual([...Array<string>(EVENTS).fill('message_chunk'), 'records_cited'])
    // The body was 64 MiB; the 1,001 events themselves take well under 1 MiB. When each event kept its
    // chunk's text alive, 100 MiB stayed in use here; now about 3 MiB does.
    expect(heapKept).toBeLessThan(16)
  })
})
