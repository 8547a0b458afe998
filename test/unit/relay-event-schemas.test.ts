import fc from 'fast-check'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { ChatEventSchema, readChunkEvent } from '../../lib/relay/relay-event-schemas'

/** What valibot's `ChatEventSchema` says of a `message_chunk` event: `readChunkEvent` must agree. */
const chunkPerSchema = (json: Record<string, unknown>) => {
  const parsed = v.safeParse(ChatEventSchema, json)
  return parsed.success ? parsed.output : undefined
}

/** `data` shaped like a relayed chunk: each field absent, or any JSON value, or a string or null most of the time. */
const dataLike = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      chatSessionId: fc.oneof(fc.string(), fc.constant(null), fc.jsonValue()),
      chatSessionSignature: fc.oneof(fc.string(), fc.string(), fc.jsonValue()),
      contentChunk: fc.oneof(fc.string(), fc.string(), fc.jsonValue()),
      finishReason: fc.oneof(fc.string(), fc.constant(null), fc.jsonValue()),
      extra: fc.jsonValue(),
    },
    { requiredKeys: [] },
  ),
)

/** A `message_chunk` event as JSON.parse gives it, `data` included nine times in ten. */
const eventLike = fc
  .tuple(fc.record({ data: dataLike, extra: fc.jsonValue() }, { requiredKeys: ['data'] }), fc.integer({ min: 0, max: 9 }))
  .map(([rest, dice]) => (dice === 0 ? { extra: rest.extra } : rest)).map((rest) => JSON.parse(JSON.stringify({ event: 'message_chunk', ...rest })) as Record<string, unknown>)

describe('readChunkEvent', () => {
  it('gives the verdict and the output of ChatEventSchema for any message_chunk event', () => {
    let accepted = 0
    fc.assert(
      fc.property(eventLike, (json) => {
        const expected = chunkPerSchema(json)
        if (expected) accepted++
        expect(readChunkEvent(json)).toStrictEqual(expected)
      }),
      { numRuns: 2000 },
    )
    // Both verdicts must be exercised for the agreement to mean anything: about one in nine is
    // accepted (206 to 266 of 2,000 over 30 runs), so the floor leaves room for fast-check's bias.
    expect(accepted).toBeGreaterThan(100)
    expect(accepted).toBeLessThan(1800)
  })

  it('refuses data that is an array or a string, as the schema does', () => {
    for (const data of [['contentChunk'], 'contentChunk', null]) {
      expect(readChunkEvent({ event: 'message_chunk', data })).toBeUndefined()
      expect(chunkPerSchema({ event: 'message_chunk', data })).toBeUndefined()
    }
  })
})
