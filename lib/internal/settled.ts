/** What a wait gave instead of a value: nothing yet, or the time ran out. */
export const NOT_YET = Symbol('not yet')

/**
 * What `promise` settles to if it settles within `turns` microtask turns, otherwise `NOT_YET`: a way
 * to take what an async source has ready without waiting for what it has not.
 */
export async function settledSoon<T>(promise: Promise<T>, turns: number): Promise<T | typeof NOT_YET> {
  let value: T | typeof NOT_YET = NOT_YET
  promise.then((settled) => (value = settled))
  for (let turn = 0; turn < turns && value === NOT_YET; turn++) await undefined
  return value
}

/** What `promise` resolves to, or `NOT_YET` once `ms` passed; the timer is cleared either way. */
export function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | typeof NOT_YET> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, ms), NOT_YET)
    promise.then((settled) => {
      clearTimeout(timer)
      resolve(settled)
    })
  })
}
