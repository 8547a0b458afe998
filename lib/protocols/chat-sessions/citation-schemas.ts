import * as v from 'valibot'
import { describeRule, requiredObjectSchema } from '../../schemas/rule-messages'

// Shared by the inbound, outbound and mock schemas: a cited record is spelled the same in both
// directions, and a citation differs only in the spelling of `hit_url`. Every schema carries its own
// message: valibot's default quotes the value it refused, which from a server may echo the key.

// Schemas are built in calls marked pure, so that a page importing only readChatEvents leaves them
// out with esbuild too, which keeps any top-level call into another module (evanw/esbuild#4369).
const StringSchema = /* @__PURE__ */ (() => v.string(describeRule('a string')))()

/** A cited record. `type` is open: the documented record types or any other string. */
export const RecordSchema = /* @__PURE__ */ (() => requiredObjectSchema({
  type: StringSchema,
  url: v.nullish(StringSchema),
  title: v.nullish(StringSchema),
  description: v.nullish(StringSchema),
  breadcrumbs: v.nullish(v.array(StringSchema, describeRule('an array of strings'))),
}, 'an object with a type'))()

/** A citation as the API spells it (`hit_url`); `number` became optional in the 2024-09 revision. */
export const WireCitationSchema = /* @__PURE__ */ (() => requiredObjectSchema({
  number: v.nullish(v.number('must be a number')),
  record: RecordSchema,
  hit_url: v.nullish(StringSchema),
}, 'an object with a record'))()
