import { describe, expect, it } from 'vitest'
import { createChatSession, type ChatEvent } from '../../lib/index'
import { serveMockInkeep } from '../../lib/testing/node'
import { drain } from '../helpers/drain'
import { connectionsClosed } from '../helpers/faults'
import { activeHandles, handlesAbove, heapAfterGc, samplePeaks } from '../helpers/memory'
import { TEST_KEY } from '../helpers/server'
import { answerText, skipLoad } from './load'

const CHATS = 1000
const CHUNKS = 300
const CHUNK_SIZE = 5

describe.skipIf(skipLoad)('1,000 concurrent streamed chats in one process', () => {
  it('all complete with their own full answer, no event crosses streams, and no handle is left open', async () => {
    const handlesBefore = activeHandles()
    const server = await serveMockInkeep({
      answer: ({ messages }) => ({ text: answerText(messages.at(-1)!.content, CHUNKS, CHUNK_SIZE), chunkSize: CHUNK_SIZE, citations: [] }),
    })
    const config = { apiKey: TEST_KEY, baseURL: server.url, retry: false as const }
    const question = (i: number) => `question ${i} of ${CHATS}`
    const heapBefore = await heapAfterGc()
    const peaks = samplePeaks(20)
    const started = performance.now()

    const results = await Promise.all(
      Array.from({ length: CHATS }, (_, i) =>
        drain(createChatSession(config, { integrationId: 'load', chatSession: { messages: [{ role: 'user', content: question(i) }] } })),
      ),
    )

    const seconds = (performance.now() - started) / 1000
    const peak = peaks()
    const sessionIds = new Set<string>()
    results.forEach((events, i) => {
      const chunks = events.filter((event): event is Extract<ChatEvent, { event: 'message_chunk' }> => event.event === 'message_chunk')
      expect(events).toHaveLength(chunks.length)
      expect(chunks).toHaveLength(CHUNKS + 1)
      expect(chunks.map((event) => event.data.contentChunk).join('')).toBe(answerText(question(i), CHUNKS, CHUNK_SIZE))
      const ids = new Set(chunks.map((event) => event.data.chatSessionId))
      expect(ids.size).toBe(1)
      sessionIds.add([...ids][0]!)
    })
    expect(sessionIds.size).toBe(CHATS)
    results.length = 0

    await server.close()
    expect(await connectionsClosed(server)).toBe(true)
    const heapAfter = await heapAfterGc()
    let leftOpen = handlesAbove(handlesBefore)
    for (const deadline = Date.now() + 6000; leftOpen.length > 0 && Date.now() < deadline; leftOpen = handlesAbove(handlesBefore)) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(leftOpen).toEqual([])

    const events = CHATS * (CHUNKS + 1)
    console.info(
      `${CHATS} concurrent chats × ${CHUNKS + 1} events on Node ${process.version}: ${seconds.toFixed(2)} s, ` +
        `${Math.round(events / seconds)} events/s, ${Math.round(CHATS / seconds)} chats/s; peak RSS ${peak.rssMiB.toFixed(0)} MiB, ` +
        `peak heap ${peak.heapMiB.toFixed(0)} MiB; heap after GC ${heapBefore.toFixed(1)} → ${heapAfter.toFixed(1)} MiB`,
    )
  }, 180_000)
})
