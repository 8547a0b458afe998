/**
 * One AbortController per call that remembers why it stopped. The first reason wins, so a
 * timeout that fires after the caller aborted cannot change what the caller is told.
 */
export interface CallController<Reason> {
  readonly signal: AbortSignal
  /** Why the call stopped, or `undefined` while it runs. */
  readonly reason: Reason | undefined
  stop(reason: Reason): void
  /** Detaches from the caller's signal, so a long-lived signal does not keep every call alive. */
  dispose(): void
}

/** Returns a controller that stops with `parentReason` when `parent` aborts. */
export function createCallController<Reason>(parent: AbortSignal | undefined, parentReason: Reason): CallController<Reason> {
  const controller = new AbortController()
  let reason: Reason | undefined
  const stop = (why: Reason): void => {
    if (reason !== undefined) return
    reason = why
    controller.abort()
  }
  const onParentAbort = (): void => stop(parentReason)
  if (parent?.aborted) stop(parentReason)
  else parent?.addEventListener('abort', onParentAbort, { once: true })
  return {
    signal: controller.signal,
    get reason() {
      return reason
    },
    stop,
    dispose: () => parent?.removeEventListener('abort', onParentAbort),
  }
}
