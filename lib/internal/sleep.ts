/** Resolves `true` after `ms`, or `false` as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(true), ms)
    const stop = (): void => {
      clearTimeout(timer)
      resolve(false)
    }
    // Left attached once the timer fired: callers pass a signal that lives only as long as one call,
    // and a late abort then changes nothing.
    if (signal.aborted) stop()
    else signal.addEventListener('abort', stop, { once: true })
  })
}
