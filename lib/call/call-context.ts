import { abortedError, timeoutError, type ChatError, type TimeoutError } from '../errors'

/** Why a call stopped before its response was read to the end. */
export type StopReason =
  | { kind: 'aborted' }
  | { kind: 'timeout'; phase: TimeoutError['phase']; ms: number }
  /** The consumer left the loop (`break`, `return()`): nobody is left to tell. */
  | { kind: 'released' }

/**
 * One AbortController per call that remembers why it stopped. The first reason wins, so a
 * timeout that fires after the caller aborted cannot change what the caller is told.
 */
export interface ChatCall {
  readonly signal: AbortSignal
  /** Why the call stopped, or `undefined` while it runs. */
  readonly reason: StopReason | undefined
  stop(reason: StopReason): void
  /** Detaches from the caller's signal, so a long-lived signal does not keep every call alive. */
  dispose(): void
}

/**
 * Returns the controller that owns one call's request; the caller's `signal` stops it as `aborted`,
 * and `released` as `released`: the package let go of the call, such as when a stream relaying its
 * events was cancelled.
 */
export function createChatCall(parent: AbortSignal | undefined, released?: AbortSignal): ChatCall {
  const controller = new AbortController()
  let reason: StopReason | undefined
  const stop = (why: StopReason): void => {
    if (reason !== undefined) return
    reason = why
    controller.abort()
  }
  const onParentAbort = (): void => stop({ kind: 'aborted' })
  const onRelease = (): void => stop({ kind: 'released' })
  if (parent?.aborted) onParentAbort()
  else parent?.addEventListener('abort', onParentAbort, { once: true })
  if (released?.aborted) onRelease()
  else released?.addEventListener('abort', onRelease, { once: true })
  return {
    signal: controller.signal,
    get reason() {
      return reason
    },
    stop,
    dispose: () => {
      parent?.removeEventListener('abort', onParentAbort)
      released?.removeEventListener('abort', onRelease)
    },
  }
}

/** Returns the error that tells the caller why the call stopped. */
export const stopError = (reason: StopReason): ChatError =>
  reason.kind === 'timeout' ? timeoutError(reason.phase, reason.ms) : abortedError()
