import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createUIMessagePartMapper } from '../../../lib/ai-sdk/ui-message-parts'
import type { ChatEvent, Citation } from '../../../lib/index'
import { chatEvents } from '../../fixtures/chat-event-arbitraries'

/** The `sourceId` of every source part one mapper sends for `events`, in order. */
function sourceIdsOf(events: ChatEvent[]): string[] {
  const mapper = createUIMessagePartMapper()
  return [...events.flatMap((item) => mapper.map(item)), ...mapper.end()].flatMap((part) =>
    part.type === 'source-url' || part.type === 'source-document' ? [part.sourceId] : [],
  )
}

/** The citations of `events` in the order the mapper sends them. */
const citationsOf = (events: ChatEvent[]): Citation[] =>
  events.flatMap((item) => {
    if (item.event === 'records_cited') return item.data.citations
    if (item.event === 'chat_result') return item.data.message.recordsCited?.citations ?? []
    return []
  })

const cited = (...citations: Citation[]): ChatEvent => ({ event: 'records_cited', data: { citations } })
const site = (number?: number): Citation => ({ number, record: { type: 'site', url: `https://example.com/${number ?? 'none'}` } })

/** Answers whose citations often share a number, or have a number equal to another's position. */
const collidingEvents: fc.Arbitrary<ChatEvent[]> = fc.array(
  fc.array(fc.option(fc.nat({ max: 6 }), { nil: undefined }), { maxLength: 6 }).chain((numbers) =>
    fc.constantFrom<ChatEvent>(
      cited(...numbers.map(site)),
      { event: 'chat_result', data: { chatSessionId: 's-1', message: { role: 'assistant', content: 'x', recordsCited: { citations: numbers.map(site) } } } },
    ),
  ),
  { maxLength: 4 },
)

describe('createUIMessagePartMapper source ids', () => {
  it('gives a citation numbered like another, or like an unnumbered one’s position, an id of its own', () => {
    // Number 2 first, then an unnumbered citation at position 2; two citations numbered 1; an
    // unnumbered citation before one numbered with its position; and an id taken by an earlier event.
    expect(sourceIdsOf([cited(site(2), site())])).toEqual(['2', '2-2'])
    expect(sourceIdsOf([cited(site(1), site(1), site(1))])).toEqual(['1', '1-2', '1-3'])
    expect(sourceIdsOf([cited(site(), site(1))])).toEqual(['1-2', '1'])
    expect(sourceIdsOf([cited(site()), cited(site(1), site())])).toEqual(['1', '1-2', '3'])
  })

  it('never repeats an id within a message, whatever the mix of citations', () => {
    fc.assert(
      fc.property(fc.oneof(collidingEvents, chatEvents), (events) => {
        const ids = sourceIdsOf(events)
        expect(ids).toHaveLength(citationsOf(events).length)
        expect(new Set(ids).size).toBe(ids.length)
      }),
      { numRuns: 500 },
    )
  })

  it('keeps the number, or else the position, as the id whenever those are unique already', () => {
    fc.assert(
      fc.property(fc.oneof(collidingEvents, chatEvents), (events) => {
        const plain = citationsOf(events).map(({ number }, index) => String(number ?? index + 1))
        fc.pre(new Set(plain).size === plain.length)
        expect(sourceIdsOf(events)).toEqual(plain)
      }),
      { numRuns: 500 },
    )
  })
})
