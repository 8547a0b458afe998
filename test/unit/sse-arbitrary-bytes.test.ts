import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ChatEvent } from '../../lib/index'
import { encode } from '../fixtures/sse'
import { cutBytes, cuts, sseSoup } from '../fixtures/sse-arbitraries'
import { eventsOfBody } from '../helpers/client'

// sse.test.ts proves split invariance for well-formed generated streams, and that arbitrary bytes
// never throw. This adds split invariance for arbitrary bytes: where a network cut a body, however
// broken the body is, must never change what the caller sees, error included.

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let at = 0
  for (const part of parts) bytes.set(part, (at += part.length) - part.length)
  return bytes
}

/** SSE-ish text, raw bytes (invalid UTF-8 included), and the two spliced together. */
const anyBody = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }),
  sseSoup.map(encode),
  fc.tuple(sseSoup, fc.uint8Array({ maxLength: 64 }), sseSoup).map(([a, b, c]) => concat(encode(a), b, encode(c))),
)

/** Runs a body through the client, with a deadline so that a hang fails the run instead of the suite. */
async function eventsWithin(chunks: Uint8Array[], ms: number): Promise<ChatEvent[]> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no end within ${ms} ms`)), ms)))
  try {
    return await Promise.race([eventsOfBody(chunks, { maxEventBytes: 1024 }), deadline])
  } finally {
    clearTimeout(timer)
  }
}

describe('SSE decoding of arbitrary bytes', () => {
  it('gives the same events, error included, however the bytes are cut into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(anyBody, cuts, async (bytes, how) => {
        const whole = await eventsWithin([bytes], 5000)
        const split = await eventsWithin(cutBytes(bytes, how), 5000)
        expect(split).toStrictEqual(whole)
      }),
      { numRuns: 400 },
    )
  })
})
