import * as v from 'valibot'

// Rules that the config, the call options and the stream options share, worded the same everywhere.

/**
 * A number of the kind `what` names (`whole number of bytes`) from `min` to `max`. Every step carries
 * the same sentence, so that a caller reads the whole rule whichever part failed, a value that is not
 * a number included.
 */
export const wholeNumberSchema = (what: string, min: number, max: number) => {
  const message = `must be a ${what} from ${min} to ${max}`
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message))
}

/** Duck-typed rather than `v.instance(AbortSignal)`, which would refuse a signal from another realm. */
const isAbortSignal = (input: unknown): input is AbortSignal =>
  typeof (input as AbortSignal | null)?.aborted === 'boolean' && typeof (input as AbortSignal).addEventListener === 'function'

export const abortSignalSchema = () => v.custom<AbortSignal>(isAbortSignal, 'must be an AbortSignal')
