import { describe, expect, it } from 'vitest'
import { redactText } from '../../lib/internal/redact'

const KEY = 'sk-secret-abcdef'

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
})
