import { describe, expect, it } from 'vitest'
import { createChatSession } from '../../lib/index'
import { drain } from '../helpers/drain'
import { chunksOf, expectOneErrorAfter } from '../helpers/faults'
import { heapAfterGc, samplePeaks } from '../helpers/memory'
import { createInput, startMockServer, TEST_KEY } from '../helpers/server'

const MIB = 1024 * 1024

describe('an event above maxEventBytes', () => {
  it('gives invalid_response after the events before it, buffering a bounded amount, and leaves the heap as it found it', async () => {
    const mebibyte = 'x'.repeat(MIB)
    let sentMiB = 0
    const server = await startMockServer({
      answer: { text: 'kept', chunkSize: 2 },
      fault: {
        type: 'raw',
        afterEvents: 2,
        body: function* () {
          yield 'event: message_chunk\ndata: '
          for (sentMiB = 0; sentMiB < 64; sentMiB++) yield mebibyte
          yield '\n\n'
        },
      },
    })
    const config = { apiKey: TEST_KEY, baseURL: server.url, maxEventBytes: MIB, retry: false as const }
    // A first call, so that code compiled and caches filled on first use are not counted.
    await drain(createChatSession(config, createInput()))
    const before = await heapAfterGc()
    const peaks = samplePeaks()
    const events = await drain(createChatSession(config, createInput()))
    const peak = peaks()
    const after = await heapAfterGc()
    console.info(`64 MiB line, maxEventBytes 1 MiB: heap ${before.toFixed(1)} MiB before, peak ${peak.heapMiB.toFixed(1)}, ${after.toFixed(1)} after GC; server sent ${sentMiB} MiB`)

    expect(expectOneErrorAfter(events, chunksOf('kept', 2, 'mock-session-2'), 'invalid_response').message).toContain('maxEventBytes')
    // Reading the whole line would take 64 MiB at least; the client stops near twice the limit.
    expect(peak.heapMiB - before).toBeLessThan(32)
    expect(after - before).toBeLessThan(4)
    expect(sentMiB).toBeLessThan(64)
  })
})
