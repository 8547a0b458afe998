import { describe, expect, it } from 'vitest'
import { describeError } from '../../lib/internal/describe-error'

const throwing = (what: string) => () => {
  throw new Error(`${what} can not be read`)
}

/** Every property read and every conversion of it throws. */
const unreadable = (): object => new Proxy({}, { get: throwing('any property'), getPrototypeOf: throwing('the prototype') })

const revoked = (): object => {
  const { proxy, revoke } = Proxy.revocable({}, {})
  revoke()
  return proxy
}

describe('describeError', () => {
  it('joins the messages of the cause chain, innermost last, with a code where a level has no message', () => {
    const inner = Object.assign(new Error(''), { code: 'ECONNREFUSED' })
    expect(describeError(new TypeError('fetch failed', { cause: inner }))).toBe('fetch failed: ECONNREFUSED')
  })

  it('describes a thrown primitive by itself, and nothing readable as unknown error', () => {
    expect(describeError('nope')).toBe('nope')
    expect(describeError(0)).toBe('0')
    expect(describeError(Symbol('thrown'))).toBe('Symbol(thrown)')
    expect(describeError(undefined)).toBe('unknown error')
    expect(describeError({})).toBe('unknown error')
  })

  it('stops after five levels, so a cause that points to itself ends', () => {
    const looped = new Error('again')
    Object.assign(looped, { cause: looped })
    expect(describeError(looped)).toBe('again: again: again: again: again')
  })

  it.each([
    ['an error whose getters all throw', { get message() { return throwing('message')() }, get name() { return throwing('name')() }, get code() { return throwing('code')() }, get cause() { return throwing('cause')() } }, 'unknown error'],
    ['an error whose message getter throws, named', { name: 'QuotaError', get message() { return throwing('message')() } }, 'QuotaError'],
    ['an error whose message cannot become a string', { name: 'ShapeError', message: Object.create(null) as object }, 'ShapeError'],
    ['an error whose message has a toString that throws', { message: { toString: throwing('toString') } }, 'unknown error'],
    ['an error whose code getter throws', { message: '', get code() { return throwing('code')() } }, 'unknown error'],
    ['an error whose cause getter throws', { message: 'refused', get cause() { return throwing('cause')() } }, 'refused'],
    ['an object without a prototype', Object.create(null) as object, 'unknown error'],
    ['a Proxy whose every trap throws', unreadable(), 'unknown error'],
    ['a revoked Proxy', revoked(), 'unknown error'],
    ['an error caused by a revoked Proxy', new Error('outer', { cause: revoked() }), 'outer'],
  ])('never throws, whatever it is given: %s', (_, thrown, described) => {
    expect(describeError(thrown)).toBe(described)
  })
})
