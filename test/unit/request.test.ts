import { describe, expect, it } from 'vitest'
import * as v from 'valibot'
import { resolveConfig } from '../helpers/config'
import { buildRequest } from '../../lib/call/request'
import { ContinueChatSessionInputSchema, CreateChatSessionInputSchema } from '../../lib/protocols/chat-sessions/input-schemas'

async function configWith(headers?: HeadersInit) {
  const resolved = await resolveConfig({ apiKey: 'sk-request-test', baseURL: 'https://proxy.example.com/inkeep/', headers })
  if (!resolved.ok) throw new Error(resolved.error.message)
  return resolved.value
}

describe('buildRequest', () => {
  it('sends a create call as snake_case JSON with stream always present', async () => {
    const input = v.parse(CreateChatSessionInputSchema, {
      integrationId: 'integration-1',
      chatSession: {
        messages: [
          { role: 'assistant', content: 'Earlier', recordsCited: { citations: [{ number: 1, record: { type: 'site' }, hitUrl: 'https://a.example' }] } },
        ],
        guidance: 'Be brief',
        tags: ['docs'],
      },
      chatMode: 'turbo',
    })
    const request = buildRequest(await configWith(), input)
    expect(request.url).toBe('https://proxy.example.com/inkeep/v0/chat_sessions/chat_results')
    expect(JSON.parse(request.body)).toEqual({
      integration_id: 'integration-1',
      chat_session: {
        messages: [{ role: 'assistant', content: 'Earlier', records_cited: { citations: [{ number: 1, record: { type: 'site' }, hit_url: 'https://a.example' }] } }],
        guidance: 'Be brief',
        tags: ['docs'],
      },
      chat_mode: 'turbo',
      stream: true,
    })
  })

  it('sends a user message as role and content only, even when untyped code adds recordsCited', async () => {
    const message = { role: 'user', content: 'x', recordsCited: { citations: [] }, extra: 1 }
    const input = v.parse(ContinueChatSessionInputSchema, { chatSessionId: 's', integrationId: 'i', message })
    expect(JSON.parse(buildRequest(await configWith(), input).body).message).toEqual({ role: 'user', content: 'x' })
  })

  it('asks for SSE when streaming and JSON otherwise', async () => {
    const config = await configWith()
    const base = { chatSessionId: 's', integrationId: 'i', message: { role: 'user', content: 'x' } }
    const streamed = buildRequest(config, v.parse(ContinueChatSessionInputSchema, base))
    const whole = buildRequest(config, v.parse(ContinueChatSessionInputSchema, { ...base, stream: false }))
    expect(streamed.headers.get('accept')).toBe('text/event-stream')
    expect(whole.headers.get('accept')).toBe('application/json')
    expect(JSON.parse(whole.body)).toMatchObject({ stream: false })
  })

  it('keeps caller headers but never lets them replace the key or the formats', async () => {
    const config = await configWith({ Authorization: 'Bearer stolen', ACCEPT: 'text/html', 'Content-Type': 'text/plain', 'X-Team': 'docs' })
    const request = buildRequest(config, v.parse(ContinueChatSessionInputSchema, { chatSessionId: 's', integrationId: 'i', message: { role: 'user', content: 'x' } }))
    expect(request.headers.get('authorization')).toBe('Bearer sk-request-test')
    expect(request.headers.get('accept')).toBe('text/event-stream')
    expect(request.headers.get('content-type')).toBe('application/json')
    expect(request.headers.get('x-team')).toBe('docs')
  })
})
