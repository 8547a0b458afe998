/**
 * Names the method by which events made by this package stop what they wait on at once. An async
 * generator runs `return()` only once the `next()` in progress settles, so a stream relaying the
 * events to a client that went away would wait, while the server it asks is silent, for its next bytes
 * or an idle timeout. `return()` itself keeps a generator's own semantics (the pending `next()` settles
 * as it would have); leaving through `leaveEvents` calls this first.
 */
export const stopNow = Symbol('stopNow')

/** Events that can stop at once what they wait on. */
export interface StopsNow {
  [stopNow](): void
}

/** Returns `events`, able to stop at once with `stop` (see `stopNow`). */
export function withStopNow<T extends object>(events: T, stop: () => void): T & StopsNow {
  return Object.assign(events, { [stopNow]: stop })
}

/** Stops at once what `events` wait on, when they can (see `stopNow`). */
export const stopEventsNow = (events: object | undefined): void => (events as Partial<StopsNow> | undefined)?.[stopNow]?.()

/** Leaves `iterator` before its end: stops it at once where it can, then calls `return()`. Never rejects. */
export async function leaveEvents(iterator: AsyncIterator<unknown> | undefined): Promise<void> {
  if (!iterator) return
  stopEventsNow(iterator)
  // The reader has gone: a failure to clean up has nobody to be reported to.
  await Promise.resolve()
    .then(() => iterator.return?.())
    .catch(() => {})
}
