import * as v from 'valibot'
import type { FetchOptions } from '../types'

const HOOK_MESSAGE = 'must be a function or an array of functions'

// pure: see schemas/rules.ts
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

/**
 * Whether `init` can build a `Headers`. The platform's Headers refuses invalid names and CR, LF and NUL
 * in values, so a header can't be injected.
 */
const canBuildHeaders = (init: unknown): init is HeadersInit => {
  try {
    return typeof init === 'object' && init !== null && !!new Headers(init as HeadersInit)
  } catch {
    return false
  }
}

/**
 * Headers about the connection or the body's framing, which `fetch` sets. Node's refuses all but
 * `host`, which it drops, and only once the call is under way, where the refusal read as a network
 * failure and was retried; another runtime might send `host` to a virtual host the caller didn't mean.
 */
const CONNECTION_HEADERS = ['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'expect', 'upgrade', 'host']

const setsNoConnectionHeader = (init: HeadersInit): boolean => {
  const headers = new Headers(init)
  return !CONNECTION_HEADERS.some((name) => headers.has(name))
}

/** `headers` of the config and of a call. No valibot schema says "what the platform's Headers accepts", so that step is a `v.custom`. */
export const HeadersSchema = /* @__PURE__ */ (() =>
  v.pipe(
    v.custom<HeadersInit>(canBuildHeaders, 'must be a Headers, a record or a list of pairs, with valid names and values (no CR, LF or NUL)'),
    v.check(setsNoConnectionHeader, `must not set connection-level headers (${CONNECTION_HEADERS.join(', ')})`),
  ))()

/**
 * An RFC 9110 field value (https://www.rfc-editor.org/rfc/rfc9110#section-5.5): visible ASCII and
 * obs-text, with spaces and tabs only between them. `Headers` throws on a character above U+00FF and
 * trims surrounding whitespace, and a server echoes the trimmed key, which redaction would then miss.
 */
const FIELD_VALUE = /^[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?$/

/**
 * What `apiKey` is (`verb` is `must be`) or what its function returns (`must return`): it becomes the
 * `authorization` header. The message never quotes the value.
 */
export const apiKeySchema = (verb: string) => {
  const message = `${verb} a non-empty string an HTTP header can carry: visible ASCII or Latin-1 characters, with spaces or tabs only between them`
  return v.pipe(v.string(message), v.regex(FIELD_VALUE, message))
}
