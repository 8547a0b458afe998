import * as v from 'valibot'
import { invalidInputError, type InputIssue, type InvalidInputError } from '../errors'
import { describeError } from '../internal/describe-error'
import { fail, ok, type Result } from '../internal/result'
import { isSafeBaseURL } from '../internal/url'
import { describeRule, requiredObjectSchema } from '../schemas/rule-messages'
import { abortSignalSchema, wholeNumberSchema } from '../schemas/rules'
import { apiKeySchema, FetchOptionsSchema, HeadersSchema, HooksSchema } from './config-schemas'
import type { CallOptions, ChatConfig, ChatHooks, FetchFunction, FetchOptions } from '../types'

export const DEFAULT_BASE_URL = 'https://api.inkeep.com'
export const DEFAULT_TIMEOUT_MS = 30_000
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000
export const DEFAULT_TOTAL_TIMEOUT_MS = 600_000
export const DEFAULT_RETRY_ATTEMPTS = 3
export const DEFAULT_RETRY_BASE_DELAY_MS = 500
export const DEFAULT_RETRY_MAX_DELAY_MS = 8_000
export const DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024
/** No runtime holds a string this long (V8's limit is about 2^29 characters), so larger limits mean nothing. */
export const MAX_EVENT_BYTES = 2 ** 30
/** Timers overflow above 2^31 - 1 ms and fire at once, so longer durations are refused. */
export const MAX_TIMER_MS = 2 ** 31 - 1

/** A config with every default applied and the per-call options merged in. */
export interface ResolvedConfig {
  apiKey: string
  baseURL: string
  fetch?: FetchFunction | undefined
  headers: Headers
  timeoutMs: number
  idleTimeoutMs: number
  totalTimeoutMs: number
  retry: { attempts: number; baseDelayMs: number; maxDelayMs: number }
  maxEventBytes: number
  signal: AbortSignal | undefined
  hooks: ChatHooks
  /** The config's merged with the call's. */
  fetchOptions: FetchOptions
}

// pure: see schemas/rules.ts
/** Whole milliseconds up to what timers hold. */
const DurationSchema = /* @__PURE__ */ (() => wholeNumberSchema('whole number of milliseconds', 1, MAX_TIMER_MS))()
/** Retry waits may be 0 (retry at once), which tests of retry logic often want. */
const DelaySchema = /* @__PURE__ */ (() => wholeNumberSchema('whole number of milliseconds', 0, MAX_TIMER_MS))()

const BASE_URL_MESSAGE =
  'must be an https: URL (or http: to localhost, 127.0.0.0/8 or [::1]) without credentials, "?", "#", surrounding spaces, tabs or line breaks'

const ApiKeySchema = /* @__PURE__ */ (() => apiKeySchema('must be'))()
const ApiKeyResultSchema = /* @__PURE__ */ (() => apiKeySchema('must return'))()

const RetryOptionsSchema = /* @__PURE__ */ (() => v.object({
  attempts: v.optional(wholeNumberSchema('whole number', 1, 10), DEFAULT_RETRY_ATTEMPTS),
  baseDelayMs: v.optional(DelaySchema, DEFAULT_RETRY_BASE_DELAY_MS),
  maxDelayMs: v.optional(DelaySchema, DEFAULT_RETRY_MAX_DELAY_MS),
}))()

const ConfigSchema = /* @__PURE__ */ (() => requiredObjectSchema({
  // A string key is checked here, with the rest; what a key function returns, once it is called.
  apiKey: v.union([ApiKeySchema, v.function()], describeRule('a string, or a function returning one')),
  baseURL: v.optional(v.pipe(v.string(BASE_URL_MESSAGE), v.check(isSafeBaseURL, BASE_URL_MESSAGE)), DEFAULT_BASE_URL),
  fetch: v.optional(v.function('must be a fetch function')),
  headers: v.optional(HeadersSchema),
  timeoutMs: v.optional(DurationSchema, DEFAULT_TIMEOUT_MS),
  idleTimeoutMs: v.optional(DurationSchema, DEFAULT_IDLE_TIMEOUT_MS),
  totalTimeoutMs: v.optional(DurationSchema, DEFAULT_TOTAL_TIMEOUT_MS),
  retry: v.optional(
    v.pipe(
      // Any object passes the union, so that a bad field is reported at its own path by the schema below.
      v.union([v.literal(false), v.looseObject({})], 'must be false or { attempts, baseDelayMs, maxDelayMs }'),
      // `false` is one attempt; the object below fills in the delays, which a single attempt never uses.
      v.transform((retry) => retry || { attempts: 1 }),
      RetryOptionsSchema,
    ),
    {},
  ),
  maxEventBytes: v.optional(wholeNumberSchema('whole number of bytes', 1024, MAX_EVENT_BYTES), DEFAULT_MAX_EVENT_BYTES),
  hooks: v.optional(HooksSchema, {}),
  fetchOptions: v.optional(FetchOptionsSchema),
}, 'an object with an apiKey'))()

const CallOptionsSchema = /* @__PURE__ */ (() => v.object({
  signal: v.optional(abortSignalSchema()),
  timeoutMs: v.optional(DurationSchema),
  headers: v.optional(HeadersSchema),
  fetchOptions: v.optional(FetchOptionsSchema),
}, 'must be an object with signal, timeoutMs, headers or fetchOptions'))()

/** Config and per-call options in one parse, so each issue's path starts with `config` or `options`. */
const CallSchema = /* @__PURE__ */ (() => v.object({ config: ConfigSchema, options: CallOptionsSchema }))()

/** Converts valibot issues to `InputIssue`s, prefixing each dot path with `root` when one is given. */
export function toInputIssues(issues: readonly v.BaseIssue<unknown>[], root = ''): InputIssue[] {
  return issues.map((issue) => {
    // `getDotPath` is null at the top, and for a key that is neither a string nor a number, which these schemas never raise.
    const path = v.getDotPath(issue) ?? ''
    return { path: [root, path].filter(Boolean).join('.'), message: issue.message }
  })
}

/** A config validated, with every default applied and the call's options merged in, whose key may still be a function. */
export interface ParsedConfig extends Omit<ResolvedConfig, 'apiKey'> {
  apiKey: string | (() => unknown)
}

/**
 * Returns the config with every default applied and `options` merged over it, or the issues of both.
 * This is the only place that knows a default. Synchronous: nothing of the caller's is called, not even
 * `config.apiKey` (see `resolveApiKey`).
 */
export function parseConfig(config: ChatConfig, options: CallOptions = {}): Result<ParsedConfig, InputIssue[]> {
  const parsed = v.safeParse(CallSchema, { config, options }, { abortPipeEarly: true })
  if (!parsed.success) return fail(toInputIssues(parsed.issues))
  const { config: rest, options: overrides } = parsed.output
  const headers = new Headers(rest.headers)
  new Headers(overrides.headers).forEach((value, name) => headers.set(name, value))
  return ok({
    ...rest,
    // `v.function` checks that it can be called; that it behaves as fetch is the caller's promise.
    fetch: rest.fetch as FetchFunction | undefined,
    hooks: rest.hooks as ChatHooks,
    baseURL: rest.baseURL.replace(/\/+$/, ''),
    headers,
    timeoutMs: overrides.timeoutMs ?? rest.timeoutMs,
    signal: overrides.signal,
    fetchOptions: { ...rest.fetchOptions, ...overrides.fetchOptions },
  })
}

/** Returns `parsed` with its key: calls `apiKey` when it is a function and checks what it returns as `parseConfig` checks a string. */
export async function resolveApiKey(parsed: ParsedConfig): Promise<Result<ResolvedConfig, InvalidInputError>> {
  const { apiKey } = parsed
  if (typeof apiKey === 'string') return ok({ ...parsed, apiKey })
  let key: unknown
  try {
    key = await apiKey()
  } catch (error) {
    // The key is unknown here, so there is none to redact; what the caller's function threw is theirs.
    return fail(invalidInputError([{ path: 'config.apiKey', message: `failed when called: ${describeError(error)}` }]))
  }
  const checked = v.safeParse(ApiKeyResultSchema, key, { abortPipeEarly: true })
  return checked.success ? ok({ ...parsed, apiKey: checked.output }) : fail(invalidInputError(toInputIssues(checked.issues, 'config.apiKey')))
}
