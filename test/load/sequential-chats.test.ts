import { describe, expect, it } from 'vitest'
import { createChatSession } from '../../lib/index'
import { serveMockInkeep } from '../../lib/testing/node'
import { connectionsClosed } from '../helpers/faults'
import { heapAfterGc, samplePeaks } from '../helpers/memory'
import { TEST_KEY } from '../helpers/server'
import { answerText, skipLoad } from './load'

const CHATS = 10_000
/** A fresh server per batch, so that its record of requests is not counted as the client's memory. */
const BATCH = 1000
const CHUNKS = 40
/** The documented bound: heap after a forced GC, 10,000 chats later, within this much of the start. */
const HEAP_BOUND_MIB = 8

describe.skipIf(skipLoad)('10,000 sequential chats, every other one abandoned with break', () => {
  it('the server sees every connection closed, and the heap after GC stays within 8 MiB of the start', async () => {
    const question = { integrationId: 'load', chatSession: { messages: [{ role: 'user' as const, content: 'sequential' }] } }
    const answer = { text: answerText('sequential', CHUNKS, 4), chunkSize: 4, citations: [] }
    let completed = 0
    let abandoned = 0
    let heapBefore = 0
    const openAtBatchEnd: number[] = []
    const started = performance.now()
    const peaks = samplePeaks(50)

    for (let batch = 0; batch < CHATS / BATCH; batch++) {
      const server = await serveMockInkeep({ answer })
      const config = { apiKey: TEST_KEY, baseURL: server.url, retry: false as const }
      for (let i = 0; i < BATCH; i++) {
        let seen = 0
        for await (const event of createChatSession(config, question)) {
          expect(event.event).toBe('message_chunk')
          if (++seen === 3 && i % 2 === 1) break
        }
        if (i % 2 === 1) abandoned++
        else {
          expect(seen).toBe(CHUNKS + 1)
          completed++
        }
      }
      // The server saw the end of every answer: completed, or cancelled by the client's break.
      const ends = await Promise.all(server.mock.requests.map((request) => request.stream!.ended))
      expect(ends).toHaveLength(BATCH)
      expect(ends.every((end) => end === 'completed' || end === 'cancelled')).toBe(true)
      expect(ends.filter((end) => end === 'completed').length).toBeGreaterThanOrEqual(BATCH / 2)
      // Connections do not pile up: at most the one kept alive and undici's spare are still open…
      openAtBatchEnd.push(server.openConnections)
      expect(server.openConnections).toBeLessThanOrEqual(2)
      // …and they close by themselves; waiting for that once is enough.
      if (batch === CHATS / BATCH - 1) expect(await connectionsClosed(server)).toBe(true)
      await server.close()
      // The first batch warms up code and caches; the bound is measured from after it.
      if (batch === 0) heapBefore = await heapAfterGc()
    }

    const seconds = (performance.now() - started) / 1000
    const peak = peaks()
    const heapAfter = await heapAfterGc()
    console.info(
      `${CHATS} sequential chats (${abandoned} abandoned after 3 events) on Node ${process.version}: ${seconds.toFixed(1)} s, ` +
        `${Math.round(CHATS / seconds)} chats/s; open connections at each batch end ${openAtBatchEnd.join(',')}; peak RSS ${peak.rssMiB.toFixed(0)} MiB; heap after GC ${heapBefore.toFixed(1)} → ${heapAfter.toFixed(1)} MiB`,
    )
    expect(completed).toBe(CHATS / 2)
    expect(abandoned).toBe(CHATS / 2)
    expect(heapAfter - heapBefore).toBeLessThan(HEAP_BOUND_MIB)
  }, 240_000)
})
