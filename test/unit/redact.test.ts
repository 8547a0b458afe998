import { describe, expect, it } from 'vitest'
import { httpError, invalidInputError } from '../../lib/errors'
import { redact } from '../../lib/internal/redact'

const KEY = 'sk-secret-abcdef'

describe('redact', () => {
  it('removes every occurrence of the key from every free-text field, nested ones included', () => {
    const error = invalidInputError([{ path: 'config.apiKey', message: `bad key ${KEY} and again ${KEY}` }])
    const redacted = redact(error, KEY)
    expect(JSON.stringify(redacted)).not.toContain(KEY)
    expect(redacted.issues[0]?.message).toBe('bad key [redacted] and again [redacted]')
  })

  it('never rewrites the discriminant, even when the key is a substring of it', () => {
    const redacted = redact(httpError(401, 'echo: http'), 'http')
    expect(redacted.type).toBe('http')
    expect(redacted.body).toBe('echo: [redacted]')
  })

  it('does not mutate its input', () => {
    const error = httpError(500, `key=${KEY}`)
    redact(error, KEY)
    expect(error.body).toBe(`key=${KEY}`)
  })

  it('redacts the start of the key left at the end of a text that was cut, with or without an ellipsis', () => {
    expect(redact(`body ${KEY.slice(0, 9)}…`, KEY)).toBe('body [redacted]…')
    expect(redact(`body ${KEY.slice(0, 9)}`, KEY)).toBe('body [redacted]')
    // Fewer than six characters say too little to matter, and an unrelated ending stays as it is.
    expect(redact('ends in sk-se', KEY)).toBe('ends in sk-se')
    expect(redact('No response bytes for 100 ms', KEY)).toBe('No response bytes for 100 ms')
  })

  it('redacts nested fields named type, which hold server text, but never the top-level discriminant', () => {
    const redacted = redact({ type: 'http_validation', detail: [{ type: KEY, loc: [KEY], msg: KEY }] }, KEY)
    expect(redacted).toEqual({ type: 'http_validation', detail: [{ type: '[redacted]', loc: ['[redacted]'], msg: '[redacted]' }] })
  })
})
