import * as v from 'valibot'

// Shared by the inbound, outbound and mock schemas: a cited record is spelled the same in both
// directions, and a citation differs only in the spelling of `hit_url`.

// Schemas are built in calls marked pure, so that a page importing only readChatEvents leaves them
// out with esbuild too, which keeps any top-level call into another module (evanw/esbuild#4369).
/** A cited record. `type` is open: the documented record types or any other string. */
export const RecordSchema = /* @__PURE__ */ (() => v.object({
  type: v.string(),
  url: v.nullish(v.string()),
  title: v.nullish(v.string()),
  description: v.nullish(v.string()),
  breadcrumbs: v.nullish(v.array(v.string())),
}))()

/** A citation as the API spells it (`hit_url`); `number` became optional in the 2024-09 revision. */
export const WireCitationSchema = /* @__PURE__ */ (() => v.object({
  number: v.nullish(v.number('must be a number')),
  record: RecordSchema,
  hit_url: v.nullish(v.string()),
}))()
