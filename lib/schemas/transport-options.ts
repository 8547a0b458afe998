import * as v from 'valibot'
import type { FetchOptions } from '../types'

const HOOK_MESSAGE = 'must be a function or an array of functions'

// Schemas are built in calls marked pure, so that a page importing only readChatEvents leaves them
// out with esbuild too, which keeps any top-level call into another module (evanw/esbuild#4369).
const HookSchema = /* @__PURE__ */ (() => v.optional(v.union([v.function(HOOK_MESSAGE), v.array(v.function(HOOK_MESSAGE))], HOOK_MESSAGE)))()

const HOOK_NAMES = 'onRequest, onRequestError, onResponse or onResponseError'

/**
 * `config.hooks`: a misspelt hook name is refused rather than never called. valibot reports an unknown
 * key with the object's message at the key's path, so the message tells the two cases apart by the path.
 */
export const HooksSchema = /* @__PURE__ */ (() =>
  v.strictObject(
    { onRequest: HookSchema, onRequestError: HookSchema, onResponse: HookSchema, onResponseError: HookSchema },
    (issue) => (issue.path ? `is not a hook: the hooks are ${HOOK_NAMES}` : `must be an object with ${HOOK_NAMES}, each a function or an array of functions`),
  ))()

/** A field of `fetch`'s init that the package sets itself, or that has an option of its own. */
const refused = (message: string) => v.optional(v.never(message))

/** `fetchOptions`: any field passes to `fetch` as it is, except those the package owns. */
export const FetchOptionsSchema = /* @__PURE__ */ (() =>
  v.looseObject(
  {
    method: refused('is set by the package: every request is a POST'),
    body: refused('is set by the package: the input becomes the JSON body'),
    headers: refused('is not a fetch option here: use the headers option'),
    signal: refused('is not a fetch option here: use the signal option'),
    redirect: refused('is set by the package: redirects are never followed'),
    window: refused('is not supported'),
  },
  'must be an object of fetch options',
) satisfies v.GenericSchema<unknown, FetchOptions>)()
