import { NOT_YET } from './settled-within'
import { leaveEvents } from './leave-events'

/** What one `next()` of a source gave, or `THREW` when it threw or rejected. */
export const THREW = Symbol('threw')
export type SourceResult<T> = IteratorResult<T, unknown> | typeof THREW

/** A `next()` in progress: `settled` is set as soon as it settles, so it can be checked without waiting. */
export interface SourceStep<T> {
  promise: Promise<unknown>
  settled: SourceResult<T> | typeof NOT_YET
}

/**
 * Microtask turns to wait for a next item already at hand: an iterator holding it settles `next()`
 * within two or three (an async generator's `yield`, `createChatSession`'s per-chunk batches); one
 * waiting for I/O does not. Gathering what is at hand into one stream chunk, rather than a chunk per
 * item, is what keeps encoding near a bare JSON.stringify loop. Callers wait the turns inline: a
 * helper's own promise per item was measurable (figures in test/bench/README.md).
 */
export const TURNS_AT_HAND = 4

/**
 * Reads an async iterable for a pull-based stream: one `next()` at a time, and a `next()` still
 * pending when a chunk went out is taken over by the next pull, never asked twice. A source that
 * throws, even when asked for its iterator, gives `THREW` rather than an exception.
 */
export interface SourceReader<T> {
  /** The `next()` in progress, started if none is. */
  step(): SourceStep<T>
  /** The result of the current step, once it settled; it is then used up. */
  take(): SourceResult<T>
  /** Leaves the source before its end, stopping its work at once where it can. Never rejects. */
  leave(): Promise<void>
}

export function createSourceReader<T>(source: AsyncIterable<T>): SourceReader<T> {
  let iterator: AsyncIterator<T> | undefined
  let current: SourceStep<T> | undefined

  const start = (): SourceStep<T> => {
    const step: SourceStep<T> = { promise: Promise.resolve(), settled: NOT_YET }
    try {
      iterator ??= source[Symbol.asyncIterator]()
      step.promise = iterator.next().then(
        (result) => (step.settled = result),
        () => (step.settled = THREW),
      )
    } catch {
      step.settled = THREW
    }
    return step
  }

  return {
    step: () => (current ??= start()),
    take() {
      const { settled } = current!
      current = undefined
      return settled as SourceResult<T>
    },
    leave: () => leaveEvents(iterator),
  }
}
