import type { FetchContext, FetchHook, FetchHooks } from 'ofetch'
import type { CallContext } from './call-context'
import type { CallRequest } from './request'
import { hookError, type HookError } from '../errors'
import { describeError } from '../internal/describe-error'
import type { ChatHook, ChatHookContext, ChatHooks, FetchOptions } from '../types'

/** The user's hooks as ofetch interceptors, and the error of the first that failed in this attempt. */
export interface CallHooks {
  interceptors: FetchHooks
  /** Set once a hook threw or rejected: what the attempt ends with. */
  readonly failure: HookError | undefined
  /** Forgets the failure, before the next attempt. */
  reset(): void
}

const listOf = (hook: ChatHook | ChatHook[] | undefined): ChatHook[] => (hook === undefined ? [] : Array.isArray(hook) ? hook : [hook])

/** The request headers as hooks see them: without the key, which a logging hook would print. */
const headersOf = (context: FetchContext): Headers => {
  const headers = new Headers(context.options.headers)
  headers.delete('authorization')
  return headers
}

/**
 * Returns the user's hooks as ofetch takes them, one interceptor per hook, in order, each calling its
 * hook with a copy of the attempt's context, never ofetch's own: ofetch hands its interceptors the live
 * options, in which a change of `baseURL` would send the key elsewhere. Only the headers a hook leaves
 * in `onRequest` are copied back, and `applyOwnFields` sets the package's own over them.
 */
export function createCallHooks(hooks: ChatHooks, request: CallRequest, fetchOptions: FetchOptions, call: CallContext): CallHooks {
  let failure: HookError | undefined

  /**
   * Runs an interceptor's `step`, recording whatever it throws as the failure of hook `name` before
   * throwing on. ofetch passes an interceptor's throw straight out of `$fetch.raw`, where the transport
   * reads `failure`: a throw left unrecorded would end the call as a `network` error, and be retried.
   * So each interceptor does all its work in here: the hook, and reading what the hook left.
   */
  async function recorded(name: HookError['hook'], step: () => unknown): Promise<void> {
    try {
      await step()
    } catch (thrown) {
      failure ??= hookError(name, call.redact(describeError(thrown)))
      throw new Error(failure.message)
    }
  }

  /** Calls `hook` with a copy of the context; a hook that read the body leaves nothing to read. */
  async function run(name: HookError['hook'], hook: ChatHook, context: FetchContext, headers: Headers): Promise<void> {
    const { response, error } = context
    const options = { ...fetchOptions, baseURL: request.baseURL, method: 'POST' as const, headers, body: request.body, signal: call.signal, redirect: 'manual' as const }
    const view: ChatHookContext = { request: request.url, options, response, error }
    await hook(view)
    if (response?.bodyUsed || response?.body?.locked) {
      // The package's own words: recorded as they are, not as outside text to redact.
      failure ??= hookError(name, 'it read the response body, which only the package may read')
      throw new Error(failure.message)
    }
  }

  const onRequest = (hook: ChatHook): FetchHook => (context) =>
    recorded('onRequest', async () => {
      const headers = headersOf(context)
      await run('onRequest', hook, context, headers)
      // A fresh copy, so that a hook keeping `headers` can't change them later; the key goes back in.
      context.options.headers = new Headers(headers)
      context.options.headers.set('authorization', request.headers.get('authorization')!)
    })
  const onRequestError = (hook: ChatHook): FetchHook => (context) => recorded('onRequestError', () => run('onRequestError', hook, context, headersOf(context)))
  const onResponse = (hook: ChatHook): FetchHook => (context) => recorded('onResponse', () => run('onResponse', hook, context, headersOf(context)))
  // ofetch calls onResponseError only for 4xx and 5xx, and not at all with ignoreResponseError, which
  // the transport sets; a redirect that is not followed is no success either: they run after onResponse.
  const onResponseError = (hook: ChatHook): FetchHook => (context) =>
    recorded('onResponseError', () => (context.response!.ok ? undefined : run('onResponseError', hook, context, headersOf(context))))

  const interceptors: FetchHooks = {}
  const requestHooks = listOf(hooks.onRequest).map(onRequest)
  const requestError = listOf(hooks.onRequestError).map(onRequestError)
  const response = [...listOf(hooks.onResponse).map(onResponse), ...listOf(hooks.onResponseError).map(onResponseError)]
  // Only hooks that exist are handed over: ofetch awaits each list it is given, even an empty one.
  if (requestHooks.length) interceptors.onRequest = requestHooks
  if (requestError.length) interceptors.onRequestError = requestError
  if (response.length) interceptors.onResponse = response
  return {
    interceptors,
    get failure() {
      return failure
    },
    reset: () => void (failure = undefined),
  }
}
