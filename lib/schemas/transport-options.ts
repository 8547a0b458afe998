import * as v from 'valibot'
import type { FetchOptions } from '../types'

const HOOK_MESSAGE = 'must be a function or an array of functions'

// Schemas are built in calls marked pure, so that a page importing only readChatEvents leaves them
// out with esbuild too, which keeps any top-level call into another module (evanw/esbuild#4369).
const HookSchema = /* @__PURE__ */ (() => v.optional(v.union([v.function(HOOK_MESSAGE), v.array(v.function(HOOK_MESSAGE))], HOOK_MESSAGE)))()

/** `config.hooks`: a misspelt hook name is refused rather than never called. */
export const HooksSchema = /* @__PURE__ */ (() =>
  v.strictObject(
    { onRequest: HookSchema, onRequestError: HookSchema, onResponse: HookSchema, onResponseError: HookSchema },
    'must be an object with onRequest, onRequestError, onResponse or onResponseError, each a function or an array of functions',
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
