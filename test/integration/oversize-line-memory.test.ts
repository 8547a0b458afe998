import { describe, expect, it } from 'vitest'
import { createChatSession } from '../../lib/index'
import { drain } from '../helpers/drain'
import { chunksOf, expectOneErrorAfter } from '../helpers/faults'
import { heapAfterGc } from '../helpers/memory'
import { createInput, startMockServer, TEST_KEY } from '../helpers/server'

const MIB = 1024 * 1024

describe('a line that never ends, in two-byte characters', () => {
  it('is refused once past maxEventBytes in UTF-8 bytes, the heap holding about that much of it', async () => {
    const maxEventBytes = 4 * MIB
    // 'ж' is 2 bytes in UTF-8 and 1 UTF-16 unit, stored 2 bytes wide in the heap: a limit counted in
    // units would hold twice as many bytes of it, four times the limit once the parser's guard is reached.
    const piece = 'ж'.repeat(8 * 1024)
    const pieceBytes = 2 * piece.length
    let sentBytes = 0
    let liveMiB = 0
    const server = await startMockServer({
      answer: { text: 'kept', chunkSize: 2 },
      fault: {
        type: 'raw',
        afterEvents: 2,
        body: async function* () {
          yield 'event: message_chunk\ndata: '
          for (sentBytes = 0; sentBytes < 64 * MIB; sentBytes += pieceBytes) {
            // The heap still in use after a GC, every half MiB sent: what the client holds, not its garbage.
            if (sentBytes % (MIB / 2) === 0) liveMiB = Math.max(liveMiB, await heapAfterGc())
            yield piece
          }
        },
      },
    })
    const config = { apiKey: TEST_KEY, baseURL: server.url, maxEventBytes, retry: false as const }
    // A first call, so that code compiled and caches filled on first use are not counted.
    await drain(createChatSession(config, createInput()))
    const before = await heapAfterGc()
    liveMiB = 0
    const events = await drain(createChatSession(config, createInput()))
    const after = await heapAfterGc()
    console.info(
      `endless 'ж' line, maxEventBytes 4 MiB: heap ${before.toFixed(1)} MiB before, at most ${liveMiB.toFixed(1)} in use ` +
        `while it was read, ${after.toFixed(1)} after GC with the error held; server sent ${(sentBytes / MIB).toFixed(1)} MiB`,
    )

    expect(expectOneErrorAfter(events, chunksOf('kept', 2, 'mock-session-2'), 'invalid_response').message).toContain('maxEventBytes')
    expect(liveMiB - before).toBeLessThan(2 * (maxEventBytes / MIB))
    // The error keeps the start of the line, not the line.
    expect(after - before).toBeLessThan(1)
  })
})
