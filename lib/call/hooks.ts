import type { FetchContext, FetchHooks } from 'ofetch'
import { hookError, type HookError } from '../errors'
import { describeError } from '../internal/describe-error'
import { redactText } from '../internal/redact'
import type { ChatRequest } from './request'
import type { ChatHook, ChatHookContext, ChatHooks, FetchOptions } from '../types'

/** The user's hooks of one attempt as ofetch interceptors, and the error of the first that failed. */
export interface AttemptHooks {
  interceptors: FetchHooks
  /** Set once a hook threw or rejected: what the call ends with. */
  readonly failure: HookError | undefined
}

const listOf = (hook: ChatHook | ChatHook[] | undefined): ChatHook[] => (hook === undefined ? [] : Array.isArray(hook) ? hook : [hook])

/**
 * Returns ofetch interceptors that call `hooks` with a copy of the attempt's context, never ofetch's
 * own: ofetch hands its interceptors the live options, in which a change of `baseURL` would send the
 * key elsewhere. Only the headers a hook leaves in `onRequest` are copied back, and the transport's
 * fetch sets the package's own headers over them. `secret` is removed from what a hook threw.
 */
export function createAttemptHooks(hooks: ChatHooks, request: ChatRequest, fetchOptions: FetchOptions, signal: AbortSignal, secret: string): AttemptHooks {
  let failure: HookError | undefined

  /**
   * Runs an interceptor's `step`, recording whatever it throws as the failure of hook `name` before
   * throwing on. ofetch passes an interceptor's throw straight out of `$fetch.raw`, where the transport
   * reads `failure`: a throw left unrecorded would end the call as a `network` error, and be retried.
   * So each interceptor does all its work in here: the hook, and reading what the hook left.
   */
  async function recorded(name: HookError['hook'], step: () => Promise<void>): Promise<void> {
    try {
      await step()
    } catch (thrown) {
      failure ??= hookError(name, redactText(describeError(thrown), secret))
      throw new Error(failure.message)
    }
  }

  async function run(name: HookError['hook'], context: FetchContext, headers: Headers): Promise<void> {
    const { response, error } = context
    const options = { ...fetchOptions, baseURL: request.baseURL, method: 'POST' as const, headers, body: request.body, signal, redirect: 'manual' as const }
    for (const hook of listOf(hooks[name])) {
      const view: ChatHookContext = { request: request.url, options, response, error }
      await hook(view)
      // The package reads the body itself; a hook that read it first would leave nothing to read.
      if (response?.bodyUsed || response?.body?.locked) {
        failure = hookError(name, 'it read the response body, which only the package may read')
        throw new Error(failure.message)
      }
    }
  }

  /** The request headers as hooks see them: without the key, which a logging hook would print. */
  const headersOf = (context: FetchContext): Headers => {
    const headers = new Headers(context.options.headers)
    headers.delete('authorization')
    return headers
  }

  const interceptors: FetchHooks = {}
  if (hooks.onRequest) {
    interceptors.onRequest = (context) =>
      recorded('onRequest', async () => {
        const headers = headersOf(context)
        await run('onRequest', context, headers)
        // A fresh copy, so that a hook keeping `headers` can't change them later; the key goes back in.
        // Copying reads what the hook left, its own iterator included, so it is recorded as the hook's.
        context.options.headers = new Headers(headers)
        context.options.headers.set('authorization', request.headers.get('authorization')!)
      })
  }
  if (hooks.onRequestError) interceptors.onRequestError = (context) => recorded('onRequestError', () => run('onRequestError', context, headersOf(context)))
  if (hooks.onResponse || hooks.onResponseError) {
    // ofetch calls onResponseError only for 4xx and 5xx, and not at all with ignoreResponseError; a
    // redirect that is not followed is no success either.
    interceptors.onResponse = async (context) => {
      await recorded('onResponse', () => run('onResponse', context, headersOf(context)))
      await recorded('onResponseError', async () => {
        if (!context.response.ok) await run('onResponseError', context, headersOf(context))
      })
    }
  }
  return {
    interceptors,
    get failure() {
      return failure
    },
  }
}
