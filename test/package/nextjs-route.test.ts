import { describe, expect, it } from 'vitest'
import { readChatEvents, type ChatEvent } from '../../lib/index'
import { drain } from '../helpers/drain'
import { startMockServer } from '../helpers/server'

// The Next.js example's route handler, as the README copies it, called with real Requests. It
// imports the built package (`npm run build` first), as an app would.
const { POST } = await import('../../examples/nextjs/app/api/chat/route')

const ask = (body: unknown, signal: AbortSignal | null = null): Promise<Response> =>
  POST(new Request('http://127.0.0.1/api/chat', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal }))

const contentOf = (events: ChatEvent[]): string => events.map((event) => (event.event === 'message_chunk' ? event.data.contentChunk : '')).join('')

describe('examples/nextjs route handler', () => {
  it('streams an answer that readChatEvents reads, continues the session, and keeps the key out', async (context) => {
    const server = await startMockServer({ apiKey: 'sk-route-secret' })
    context.onTestFinished(() => {
      delete process.env.INKEEP_BASE_URL
    })
    Object.assign(process.env, { INKEEP_API_KEY: 'sk-route-secret', INKEEP_INTEGRATION_ID: 'route-integration', INKEEP_BASE_URL: server.url })

    const response = await ask({ question: 'What is Inkeep?' })
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const text = await response.text()
    expect(text).not.toContain('sk-route-secret')
    const first = await drain(readChatEvents(new Response(text, { headers: response.headers })))
    expect(contentOf(first)).toContain('You asked: "What is Inkeep?"')
    expect(first.some((event) => event.event === 'records_cited')).toBe(true)
    expect(first.some((event) => event.event === 'error')).toBe(false)

    const chatSessionId = first[0]?.event === 'message_chunk' ? first[0].data.chatSessionId : undefined
    const second = await drain(readChatEvents(await ask({ question: 'And then?', chatSessionId })))
    expect(contentOf(second)).toContain('answer 2 of this chat session')
    expect(server.mock.requests.map((request) => request.headers.get('authorization'))).toEqual(['Bearer sk-route-secret', 'Bearer sk-route-secret'])
  })

  it('cancels the upstream stream within 200 ms when the request is aborted mid-answer', async (context) => {
    const server = await startMockServer({ answer: { text: 'x'.repeat(2000), chunkSize: 10, delayMs: 20 } })
    context.onTestFinished(() => {
      delete process.env.INKEEP_BASE_URL
    })
    Object.assign(process.env, { INKEEP_API_KEY: 'sk-route-secret', INKEEP_INTEGRATION_ID: 'route-integration', INKEEP_BASE_URL: server.url })
    const controller = new AbortController()
    const reader = (await ask({ question: 'Tell me everything.' }, controller.signal)).body!.getReader()
    await reader.read()
    controller.abort()

    const ended = server.mock.requests[0]!.stream!.ended
    expect(await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 200, 'still running'))])).toBe('cancelled')
  })

  it('refuses a request without a question with 400', async () => {
    expect((await ask({})).status).toBe(400)
  })
})
