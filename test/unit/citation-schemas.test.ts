import fc from 'fast-check'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import type { Citation } from '../../lib/index'
import { toCitation, toWireCitation, WireCitationSchema } from '../../lib/protocols/chat-sessions/citation-schemas'
import { anyText, citationSpec, expectedOfCitation, wireOfCitation } from '../fixtures/sse-arbitraries'

/** Citations as the package yields them: each optional key left out or holding a value, never `undefined`. */
const citation: fc.Arbitrary<Citation> = fc.record(
  {
    number: fc.nat({ max: 10_000 }),
    record: fc.record({ type: anyText(12), url: fc.option(anyText(), { nil: null }), breadcrumbs: fc.array(anyText(8), { maxLength: 3 }) }, { requiredKeys: ['type'], noNullPrototype: true }),
    hitUrl: fc.option(anyText(), { nil: null }),
  },
  { requiredKeys: ['record'], noNullPrototype: true },
)

describe('the citation mapping', () => {
  it('reads a wire citation as the API sends it into a Citation, hit_url as hitUrl and a null number left out', () => {
    fc.assert(
      fc.property(citationSpec, (spec) => {
        expect(toCitation(v.parse(WireCitationSchema, JSON.parse(JSON.stringify(wireOfCitation(spec)))))).toStrictEqual(expectedOfCitation(spec))
      }),
    )
  })

  it('gives back the citation it was given after a trip through the wire spelling and JSON', () => {
    fc.assert(
      fc.property(citation, (given) => {
        const wire = JSON.parse(JSON.stringify(toWireCitation(given)))
        expect(Object.keys(wire)).not.toContain('hitUrl')
        expect(toCitation(v.parse(WireCitationSchema, wire))).toStrictEqual(given)
      }),
    )
  })
})
