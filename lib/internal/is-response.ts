/**
 * Whether `value` is used like a `Response`: a numeric `status` and `headers.get`. Duck-typed, since a
 * polyfill's or another realm's Response fails `instanceof`.
 */
export const isResponse = (value: unknown): value is Response =>
  typeof (value as Response | null)?.status === 'number' && typeof (value as Response).headers?.get === 'function'
