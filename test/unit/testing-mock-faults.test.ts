import { describe, expect, it } from 'vitest'
import { createMockInkeep } from '../../lib/testing/index'

const post = (stream: boolean, signal?: AbortSignal) =>
  new Request('http://mock.test/v0/chat_sessions/chat_results', {
    method: 'POST',
    headers: { authorization: 'Bearer sk-mock', 'content-type': 'application/json' },
    body: JSON.stringify({ integration_id: 'i', chat_session: { messages: [{ role: 'user', content: 'q' }] }, stream }),
    ...(signal ? { signal } : {}),
  })

/** Reads a body chunk by chunk into text, until it ends, errors, or `stopAfter` chunks were read. */
async function readChunks(response: Response, stopAfter = Infinity): Promise<{ text: string; error?: string }> {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let text = ''
  try {
    for (let chunks = 0; chunks < stopAfter; chunks++) {
      const { done, value } = await reader.read()
      if (done) return { text }
      text += decoder.decode(value, { stream: true })
    }
    await reader.cancel()
    return { text }
  } catch (error) {
    return { text, error: (error as Error).message }
  }
}

describe('createMockInkeep faults', () => {
  it('drop without afterEvents fails the request before any response, as a reset connection does', async () => {
    const mock = createMockInkeep({ fault: { type: 'drop' } })
    await expect(mock.fetch(post(true))).rejects.toThrow(/dropped the connection/)
    expect(mock.requests).toHaveLength(1)
  })

  it('drop with partialBytes sends that much of the next event, then breaks', async () => {
    const mock = createMockInkeep({ answer: { text: 'abcdefgh', chunkSize: 4 }, fault: { type: 'drop', afterEvents: 1, partialBytes: 10 } })
    const { text, error } = await readChunks(await mock.fetch(post(true)))
    const [first, rest] = [text.slice(0, text.indexOf('\n\n') + 2), text.slice(text.indexOf('\n\n') + 2)]
    expect(first).toContain('"content_chunk":"abcd"')
    expect(rest).toBe('event: mes')
    expect(error).toMatch(/dropped/)
    expect(await mock.requests[0]!.stream!.ended).toBe('dropped')
  })

  it('stall with heartbeatMs sends an SSE comment that often and no event, until the client goes away', async () => {
    const mock = createMockInkeep({ answer: { text: 'abcd', chunkSize: 4 }, fault: { type: 'stall', afterEvents: 1, heartbeatMs: 5 } })
    const { text } = await readChunks(await mock.fetch(post(true)), 4)
    const blocks = text.split('\n\n').filter(Boolean)
    expect(blocks[0]).toContain('"content_chunk":"abcd"')
    expect(blocks.slice(1)).toEqual([': heartbeat', ': heartbeat', ': heartbeat'])
    expect(await mock.requests[0]!.stream!.ended).toBe('cancelled')
    expect(mock.requests[0]!.stream!.sentEvents).toBe(1)
  })

  it('raw sends its body after the given events, with its content type, calling a body function per request', async () => {
    let calls = 0
    const body = async function* () {
      calls++
      yield 'one '
      yield new TextEncoder().encode('two')
    }
    const mock = createMockInkeep({ answer: { text: 'abcd', chunkSize: 4 }, fault: { type: 'raw', afterEvents: 1, body, contentType: 'text/plain' } })
    for (const stream of [true, false]) {
      const response = await mock.fetch(post(stream))
      expect(response.headers.get('content-type')).toBe('text/plain')
      const { text } = await readChunks(response)
      expect(text.endsWith('\n\none two')).toBe(true)
      expect(text).toContain('"content_chunk":"abcd"')
    }
    expect(calls).toBe(2)
  })

  it('raw leaves a body generator that the client stopped reading, so its finally runs', async () => {
    let left = false
    const body = async function* () {
      try {
        for (;;) yield 'more '
      } finally {
        left = true
      }
    }
    const mock = createMockInkeep({ fault: { type: 'raw', body } })
    const { text } = await readChunks(await mock.fetch(post(true)), 2)
    expect(text).toBe('more more ')
    await expect.poll(() => left).toBe(true)
  })

  it('raw without afterEvents answers only its body, even for a JSON request', async () => {
    const mock = createMockInkeep({ fault: { type: 'raw', body: 'null', contentType: 'application/json' } })
    const response = await mock.fetch(post(false))
    expect([response.status, response.headers.get('content-type'), await response.text()]).toEqual([200, 'application/json', 'null'])
  })

  it('status with headers sets them over the defaults', async () => {
    const mock = createMockInkeep({ fault: { type: 'status', status: 307, body: '', headers: { Location: 'https://elsewhere.example/', 'Content-Type': 'text/html' } } })
    const response = await mock.fetch(post(true))
    expect([response.status, response.headers.get('location'), response.headers.get('content-type')]).toEqual([307, 'https://elsewhere.example/', 'text/html'])
  })
})
