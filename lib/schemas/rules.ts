import * as v from 'valibot'
import { describeRule } from './rule-messages'

// Rules that the schemas share, worded the same everywhere.
//
// Every module-level schema in lib/ is built inside a call marked pure, `/* @__PURE__ */ (() => …)()`.
// Rollup drops an unused top-level schema on its own, but esbuild keeps a top-level call into another
// module (https://github.com/evanw/esbuild/issues/4369): without the mark, an app importing one function
// would carry the schemas of every module it touches, and a page importing only readChatEvents the
// config's and the input's too. Each such site points here with `// pure: see schemas/rules.ts`.

/** A string, its message worded by `describeRule`: `is required: a string` or `must be a string`. */
export const StringSchema = /* @__PURE__ */ (() => v.string(describeRule('a string')))()

/** A string with at least one character: `is required: a non-empty string` or `must be a non-empty string`. */
export const NonEmptyStringSchema = /* @__PURE__ */ (() => {
  const message = describeRule('a non-empty string')
  return v.pipe(v.string(message), v.nonEmpty(message))
})()

/** `true` or `false`, worded by `describeRule`. */
export const BooleanSchema = /* @__PURE__ */ (() => v.boolean(describeRule('true or false')))()

/** An array of `StringSchema` strings: `must be an array of strings` when it is not an array. */
export const StringArraySchema = /* @__PURE__ */ (() => v.array(StringSchema, describeRule('an array of strings')))()

/** Whether `value` is what `v.nullish(v.string())` accepts: for the hand-written readers of hot paths. */
export const isNullishString = (value: unknown): value is string | null | undefined => value == null || typeof value === 'string'

/**
 * A number of the kind `what` names (`whole number of bytes`) from `min` to `max`. Every step carries
 * the same sentence, so that a caller reads the whole rule whichever part failed, a value that is not
 * a number included.
 */
export const wholeNumberSchema = (what: string, min: number, max: number) => {
  const message = `must be a ${what} from ${min} to ${max}`
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message))
}

/** Duck-typed rather than `v.instance(AbortSignal)`, which would refuse a signal from another realm. */
const isAbortSignal = (input: unknown): input is AbortSignal =>
  typeof (input as AbortSignal | null)?.aborted === 'boolean' && typeof (input as AbortSignal).addEventListener === 'function'

export const abortSignalSchema = () => v.custom<AbortSignal>(isAbortSignal, 'must be an AbortSignal')
