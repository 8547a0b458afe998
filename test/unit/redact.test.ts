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
})
