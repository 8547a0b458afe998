import { describe, expect, it } from 'vitest'
import { createMockInkeep } from '../../lib/testing/index'

const preflight = (requestHeaders?: string) =>
  new Request('http://mock.test/v0/chat_sessions/chat_results', {
    method: 'OPTIONS',
    headers: {
      origin: 'http://page.test',
      'access-control-request-method': 'POST',
      ...(requestHeaders === undefined ? {} : { 'access-control-request-headers': requestHeaders }),
    },
  })

describe('createMockInkeep CORS preflight', () => {
  it('allows the headers the preflight asks for, such as a tracing header a page hook adds', async () => {
    const response = await createMockInkeep().fetch(preflight('authorization, content-type, traceparent, x-request-id'))
    expect(response.status).toBe(204)
    const allowed = response.headers.get('access-control-allow-headers')!.split(',').map((name) => name.trim())
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'traceparent', 'x-request-id']))
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('allows the headers the client sends by default when the preflight names none', async () => {
    const response = await createMockInkeep().fetch(preflight())
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization, content-type, accept')
  })
})
