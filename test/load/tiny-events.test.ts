import { describe, expect, it } from 'vitest'
import { createChatSession } from '../../lib/index'
import { connectionsClosed, serveForTest } from '../helpers/faults'
import { heapAfterGc, samplePeaks } from '../helpers/memory'
import { TEST_KEY } from '../helpers/server'
import { skipLoad } from './load'

const EVENTS = 10_000_000
const PER_WRITE = 10_000

describe.skipIf(skipLoad)('ten million tiny events', () => {
  it('are all delivered in order, one at a time, with memory that does not grow with their number', async (context) => {
    // `data:` and a blank line: the smallest SSE event, an unnamed one with empty data (70 MB in all).
    const server = await serveForTest(context, {
      fault: {
        type: 'raw',
        body: function* () {
          const block = 'data:\n\n'.repeat(PER_WRITE)
          for (let i = 0; i < EVENTS / PER_WRITE; i++) yield block
        },
      },
    })
    const heapBefore = await heapAfterGc()
    const peaks = samplePeaks(50)
    const started = performance.now()
    let count = 0
    let odd = 0
    let heapHalfway = 0
    for await (const event of createChatSession({ apiKey: TEST_KEY, baseURL: server.url, retry: false }, { integrationId: 'i', chatSession: { messages: [{ role: 'user', content: 'q' }] } })) {
      if (event.event === 'unknown' && event.name === 'message' && event.data === '') count++
      else odd++
      if (count === EVENTS / 2) heapHalfway = await heapAfterGc()
    }
    const seconds = (performance.now() - started) / 1000
    const peak = peaks()
    const heapAfter = await heapAfterGc()
    console.info(
      `${EVENTS} tiny events on Node ${process.version}: ${seconds.toFixed(1)} s, ${Math.round(EVENTS / seconds)} events/s; ` +
        `peak heap ${peak.heapMiB.toFixed(0)} MiB, peak RSS ${peak.rssMiB.toFixed(0)} MiB; ` +
        `heap after GC ${heapBefore.toFixed(1)} before, ${heapHalfway.toFixed(1)} halfway, ${heapAfter.toFixed(1)} after (MiB)`,
    )
    expect(count).toBe(EVENTS)
    expect(odd).toBe(0)
    // 35 MB of events had gone through halfway; what the client still held then was a few chunks' worth.
    expect(heapHalfway - heapBefore).toBeLessThan(8)
    expect(heapAfter - heapBefore).toBeLessThan(8)
    expect(await connectionsClosed(server)).toBe(true)
  }, 120_000)
})
