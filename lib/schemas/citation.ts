import * as v from 'valibot'

// Shared by the inbound, outbound and mock schemas: a cited record is spelled the same in both
// directions, and a citation differs only in the spelling of `hit_url`.

/** A cited record. `type` is open: the documented record types or any other string. */
export const RecordSchema = v.object({
  type: v.string(),
  url: v.nullish(v.string()),
  title: v.nullish(v.string()),
  description: v.nullish(v.string()),
  breadcrumbs: v.nullish(v.array(v.string())),
})

/** A citation as the API spells it (`hit_url`); `number` became optional in the 2024-09 revision. */
export const WireCitationSchema = v.object({
  number: v.nullish(v.number('must be a number')),
  record: RecordSchema,
  hit_url: v.nullish(v.string()),
})
