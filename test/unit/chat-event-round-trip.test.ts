import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readChatEvents, toEventStream, toEventStreamResponse, type ChatEvent } from '../../lib/index'
import { chatEvent, chatEvents } from '../fixtures/chat-event-arbitraries'
import { cutBytes, cuts, lineEnd, serializeStream, streamItem } from '../fixtures/sse-arbitraries'
import { encode, responseOf } from '../fixtures/sse'
import { eventsOfBody } from '../helpers/client'
import { drain, lastError } from '../helpers/drain'

async function* yieldAll(events: ChatEvent[]): AsyncGenerator<ChatEvent> {
  yield* events
}

describe('toEventStream and readChatEvents', () => {
  it('give back exactly the events written: no key added, none dropped', async () => {
    await fc.assert(
      fc.asyncProperty(chatEvents, async (events) => {
        expect(await drain(readChatEvents(toEventStreamResponse(yieldAll(events), { onError: (error) => error })))).toStrictEqual(events)
      }),
      { numRuns: 300 },
    )
  })

  it('give back exactly the events written when the bytes arrive split anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(chatEvents, cuts, async (events, how) => {
        const bytes = new Uint8Array(await new Response(toEventStream(yieldAll(events), { onError: (error) => error })).arrayBuffer())
        expect(await drain(readChatEvents(responseOf(cutBytes(bytes, how))))).toStrictEqual(events)
      }),
      { numRuns: 300 },
    )
  })

  it('never take a stream cut short for a whole one: cut anywhere before its end, it ends with the error of a broken connection', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(chatEvent, { maxLength: 8 }), fc.nat(), async (events, at) => {
        const bytes = new Uint8Array(await new Response(toEventStream(yieldAll(events), { onError: (error) => error })).arrayBuffer())
        const read = await drain(readChatEvents(responseOf([bytes.slice(0, at % bytes.length)])))
        const received = read.slice(0, -1)
        expect(received).toStrictEqual(events.slice(0, received.length))
        const error = lastError(read)
        if (received.length === 0) expect(error.type).toBe('network')
        else expect(error).toMatchObject({ type: 'stream_interrupted', eventsReceived: received.length })
      }),
      { numRuns: 300 },
    )
  })

  it('give back exactly what createChatSession yielded from any wire stream', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(streamItem, { maxLength: 8 }), lineEnd, async (items, end) => {
        const yielded = await eventsOfBody([encode(serializeStream(items, end))])
        expect(await drain(readChatEvents(toEventStreamResponse(yieldAll(yielded))))).toStrictEqual(yielded)
      }),
      { numRuns: 200 },
    )
  })
})
