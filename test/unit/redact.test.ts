import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { redactText } from '../../lib/internal/redact'

const KEY = 'sk-secret-abcdef'

const hex = (code: number, width: number, upper: boolean): string => {
  const digits = code.toString(16).padStart(width, '0')
  return upper ? digits.toUpperCase() : digits
}

/** Each character of `text` as `\uXXXX`, its hex digits in lower case or upper. */
const unicodeEscaped = (text: string, upper = false): string => Array.from(text, (char) => `\\u${hex(char.charCodeAt(0), 4, upper)}`).join('')

/** Each UTF-8 byte of `text` as `%XX`, in upper case or lower. */
const percentEncoded = (text: string, upper = true): string => Array.from(new TextEncoder().encode(text), (byte) => `%${hex(byte, 2, upper)}`).join('')

describe('redactText', () => {
  it('removes every occurrence of the key', () => {
    expect(redactText(`bad key ${KEY} and again ${KEY}`, KEY)).toBe('bad key [redacted] and again [redacted]')
  })

  it('redacts the start of the key left at the end of a text that was cut, with or without an ellipsis', () => {
    expect(redactText(`body ${KEY.slice(0, 9)}…`, KEY)).toBe('body [redacted]…')
    expect(redactText(`body ${KEY.slice(0, 9)}`, KEY)).toBe('body [redacted]')
    // Fewer than six characters say too little to matter, and an unrelated ending stays as it is.
    expect(redactText('ends in sk-se', KEY)).toBe('ends in sk-se')
    expect(redactText('No response bytes for 100 ms', KEY)).toBe('No response bytes for 100 ms')
  })

  it('leaves the text as it is without a key', () => {
    expect(redactText('any text', '')).toBe('any text')
  })

  it.each([
    ['\\u escapes in lower case', `{"detail": "bad key ${unicodeEscaped(KEY)}"}`, '{"detail": "bad key [redacted]"}'],
    ['\\u escapes in upper case', `{"detail": "bad key ${unicodeEscaped(KEY, true)}"}`, '{"detail": "bad key [redacted]"}'],
    ['a \\u escape for its first character only', `{"detail": "bad key \\u0073${KEY.slice(1)}"}`, '{"detail": "bad key [redacted]"}'],
    ['percent-encoding in upper case', `/login?next=Bearer%20${percentEncoded(KEY)}`, '/login?next=Bearer%20[redacted]'],
    ['percent-encoding in lower case', `/login?next=Bearer%20${percentEncoded(KEY, false)}&a=1`, '/login?next=Bearer%20[redacted]&a=1'],
  ])('removes the key spelt with %s', (_, text, redacted) => {
    expect(redactText(text, KEY)).toBe(redacted)
  })

  it('removes a key with characters JSON escapes short, however each one is spelt', () => {
    const key = 'sk-"a\\b/c\td'
    const spellings = [
      'sk-\\"a\\\\b\\/c\\td',
      'sk-\\"a\\\\b/c\\td',
      'sk-\\u0022a\\u005Cb\\u002fc\\u0009d',
      'sk-%22a%5Cb%2Fc%09d',
      key,
    ]
    for (const spelling of spellings) expect(redactText(`said ${spelling}.`, key), spelling).toBe('said [redacted].')
  })

  it('removes a key spelt the way a redirect’s Location carries it, a space as + or %20', () => {
    const key = 'sk_AbC+dEf/GhI=jKl0123'
    expect(redactText('https://elsewhere.example/login?next=Bearer%20sk_AbC%2BdEf%2FGhI%3DjKl0123', key)).toBe('https://elsewhere.example/login?next=Bearer%20[redacted]')
    expect(redactText('q=a+b%20c', 'a b c')).toBe('q=[redacted]')
  })

  it('removes a key whose characters are spelt in a mix of ways', () => {
    expect(redactText(`x sk-s\\u0065cr%65t-\\u0061bc%64ef y`, KEY)).toBe('x [redacted] y')
    expect(redactText(`x sk-caf\\u00e9 sk-caf%C3%A9 sk-café y`, 'sk-café')).toBe('x [redacted] [redacted] [redacted] y')
  })

  it('counts an escaped backslash as one backslash of the key, leaving nothing of it behind', () => {
    expect(redactText('"k\\\\e\\\\y"', 'k\\e\\y')).toBe('"[redacted]"')
  })

  it('redacts a start of the key, in any spelling, left at the end of a cut text', () => {
    expect(redactText(`body ${unicodeEscaped(KEY.slice(0, 9))}…`, KEY)).toBe('body [redacted]…')
    expect(redactText(`next=${percentEncoded(KEY.slice(0, 7))}`, KEY)).toBe('next=[redacted]')
    expect(redactText(`body sk-se\\u0063r%65t-a`, KEY)).toBe('body [redacted]')
    // A limit can fall inside the escape of the next character.
    expect(redactText(`body sk-secr\\u00`, KEY)).toBe('body [redacted]')
    expect(redactText(`body sk-secr%6`, KEY)).toBe('body [redacted]')
  })

  it('leaves a start of the key alone when it is not at the end', () => {
    expect(redactText(`body ${KEY.slice(0, 9)} and more`, KEY)).toBe(`body ${KEY.slice(0, 9)} and more`)
  })

  it('replaces only what spells a one-character key', () => {
    expect(redactText('kind %6B \\u006b kk', 'k')).toBe('[redacted]ind [redacted] [redacted] [redacted][redacted]')
    expect(redactText('no such letter here, 100%', 'k')).toBe('no such letter here, 100%')
    expect(redactText('a + b', ' ')).toBe('a[redacted][redacted][redacted]b')
  })

  it('removes a key whose JSON and percent spellings are in the text, for any key', () => {
    const specials = fc.constantFrom('\\', '"', '/', '\b', '\f', '\n', '\r', '\t', ' ', '+', '%', '\u0001', '\u007f', 'é', 'ÿ', '€', '😀')
    const key = fc.oneof(fc.string({ minLength: 1 }), fc.string({ unit: 'grapheme', minLength: 1 }), fc.string({ unit: fc.oneof(specials, fc.constantFrom(...'sk-AZ09')), minLength: 1 }))
    fc.assert(
      fc.property(key, (secret) => {
        const json = JSON.stringify(secret).slice(1, -1)
        const encoded = encodeURIComponent(secret)
        // What the replacements spell together is no leak.
        fc.pre(![json, encoded].some((spelling) => '[redacted] [redacted]'.includes(spelling)))
        const redacted = redactText(`${json} ${encoded}`, secret)
        expect(redacted).not.toContain(json)
        expect(redacted).not.toContain(encoded)
      }),
    )
  })
})
