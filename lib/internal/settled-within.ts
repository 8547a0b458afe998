/** What a wait gave instead of a value: the time ran out. */
export const NOT_YET = Symbol('not yet')

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
