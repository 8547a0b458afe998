/**
 * An async generator runs `return()` only once the `next()` in progress settles. A stream relaying
 * a generator's events to a client that went away would then wait, while the server it asks is
 * silent, for its next bytes or an idle timeout. Generators made by this package register how to
 * stop what they wait on at once, and `leaveEvents` uses that before `return()`.
 */
const stoppers = new WeakMap<object, () => void>()

/** Registers `stop` as the way to end, at once, whatever `events` is waiting on; returns `events`. */
export function stoppable<T extends object>(events: T, stop: () => void): T {
  stoppers.set(events, stop)
  return events
}

/** Stops `events` at once when it registered a way to, as `stoppable` describes. */
export function stopEvents(events: object): void {
  stoppers.get(events)?.()
}

/** Leaves `iterator` before its end: stops it at once where it can, then calls `return()`. Never rejects. */
export async function leaveEvents(iterator: AsyncIterator<unknown> | undefined): Promise<void> {
  if (!iterator) return
  stopEvents(iterator)
  // The reader has gone: a failure to clean up has nobody to be reported to.
  await Promise.resolve()
    .then(() => iterator.return?.())
    .catch(() => {})
}
