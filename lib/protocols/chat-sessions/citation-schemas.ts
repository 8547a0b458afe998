import * as v from 'valibot'
import type { Citation } from '../../types'
import { describeRule, requiredObjectSchema } from '../../schemas/rule-messages'
import { StringArraySchema, StringSchema } from '../../schemas/rules'

// Shared by the inbound, outbound and mock schemas: a cited record is spelled the same in both
// directions, and a citation differs only in the spelling of `hit_url`, which `toCitation` and
// `toWireCitation` map, one way each. Every schema carries its own message: valibot's default quotes
// the value it refused, which from a server may echo the key.

// pure: see schemas/rules.ts
/** A cited record. `type` is open: the documented record types or any other string. */
export const RecordSchema = /* @__PURE__ */ (() => requiredObjectSchema({
  type: StringSchema,
  url: v.nullish(StringSchema),
  title: v.nullish(StringSchema),
  description: v.nullish(StringSchema),
  breadcrumbs: v.nullish(StringArraySchema),
}, 'an object with a type'))()

/** A citation as the API spells it (`hit_url`); `number` became optional in the 2024-09 revision. */
export const WireCitationSchema = /* @__PURE__ */ (() => requiredObjectSchema({
  number: v.nullish(v.number('must be a number')),
  record: RecordSchema,
  hit_url: v.nullish(StringSchema),
}, 'an object with a record'))()

/**
 * The `Citation` of a citation that `WireCitationSchema` accepted. A field the server left out stays
 * out, so an event relayed as JSON and read back has the same keys, and a `null` number is left out
 * (`Citation.number` is never null).
 */
export function toCitation(wire: v.InferOutput<typeof WireCitationSchema>): Citation {
  const citation: Citation = wire.number == null ? { record: wire.record } : { number: wire.number, record: wire.record }
  if (wire.hit_url !== undefined) citation.hitUrl = wire.hit_url
  return citation
}

/** A `Citation` as the API spells it; a field that is `undefined` is left out by `JSON.stringify`. */
export const toWireCitation = ({ number, record, hitUrl }: Citation): v.InferInput<typeof WireCitationSchema> => ({ number, record, hit_url: hitUrl })

/** `{ citations }`, each citation read by `citation`: the wire spelling or a caller's. */
export const recordsCitedSchema = <const TCitation extends v.GenericSchema>(citation: TCitation) =>
  requiredObjectSchema({ citations: v.array(citation, describeRule('an array of citations')) }, 'an object with citations')
