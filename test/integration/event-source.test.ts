import { EventSource } from 'eventsource'
import { afterEach, describe, expect, it } from 'vitest'
import { createChatCompletion, type ChatEvent } from '../../lib/index'
import { startProxy } from '../helpers/event-stream-server'
import { startMockServer, TEST_KEY } from '../helpers/server'

// A real EventSource (the `eventsource` package, which follows the WHATWG processing model) against
// a route serving toEventStreamResponse. An EventSource reconnects whenever a stream ends, so a
// route that asks Inkeep on every request asks again after every answer, unless the page closes
// the EventSource on the stream's `done`.

const proxies: Array<{ close: () => Promise<void> }> = []
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()))
})

interface Seen {
  /** Each SSE message in order: its name and its data parsed as JSON. */
  messages: Array<{ name: string; data: unknown }>
  /** How many times the EventSource's own `error` fired (a closed connection, a reconnect). */
  connectionErrors: number
}

/** Opens an EventSource on `url`, records every message under `names`, closes on `done`; resolves then. */
function readUntilDone(url: string, names: string[]): Promise<Seen> {
  const seen: Seen = { messages: [], connectionErrors: 0 }
  const source = new EventSource(url)
  source.addEventListener('error', () => seen.connectionErrors++)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      source.close()
      reject(new Error(`no done within 5 s; seen ${JSON.stringify(seen.messages.map((message) => message.name))}, ${seen.connectionErrors} connection errors`))
    }, 5000)
    for (const name of names) {
      source.addEventListener(name, (message) => {
        seen.messages.push({ name, data: JSON.parse(message.data) })
        if (name !== 'done') return
        source.close()
        clearTimeout(timer)
        resolve(seen)
      })
    }
  })
}

const NAMES = ['message_chunk', 'records_cited', 'chat_result', 'records_considered', 'ai_annotations', 'tool_call', 'unknown', 'chat_error', 'message', 'done']

describe('an EventSource reading toEventStreamResponse', () => {
  it('gets every event, then done, closes, and the route asked Inkeep exactly once', async () => {
    const mock = await startMockServer()
    const proxy = await startProxy(mock.url)
    proxies.push(proxy)

    const seen = await readUntilDone(proxy.url, NAMES)
    const names = seen.messages.map((message) => message.name)
    expect(names.at(-1)).toBe('done')
    expect(names.filter((name) => name === 'message_chunk').length).toBeGreaterThan(5)
    expect(names).toContain('records_cited')
    expect(seen.messages.slice(0, -1).every(({ name, data }) => (data as ChatEvent).event === name)).toBe(true)
    // A reconnect would show as a second request.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(mock.mock.requests).toHaveLength(1)
    expect(seen.connectionErrors).toBe(0)
  })

  it('gets the events of a v1 answer under their own names, then done', async () => {
    const mock = await startMockServer({ completion: { toolArguments: { escalate: { team: 'billing' } } } })
    const tools = [{ type: 'function' as const, function: { name: 'escalate' } }]
    const input = { model: 'inkeep-qa-expert', messages: [{ role: 'user' as const, content: 'How do I start?' }], tools, builtInTools: true }
    const proxy = await startProxy(mock.url, { source: () => createChatCompletion({ apiKey: TEST_KEY, baseURL: mock.url }, input) })
    proxies.push(proxy)

    const seen = await readUntilDone(proxy.url, NAMES)
    const names = seen.messages.map((message) => message.name)
    expect(new Set(names)).toEqual(new Set(['records_considered', 'message_chunk', 'records_cited', 'ai_annotations', 'tool_call', 'done']))
    expect(seen.messages.find(({ name }) => name === 'tool_call')?.data).toEqual({
      event: 'tool_call',
      data: { id: expect.any(String), name: 'escalate', arguments: { team: 'billing' }, argumentsText: '{"team":"billing"}' },
    })
    expect(seen.messages.slice(0, -1).every(({ name, data }) => (data as ChatEvent).event === name)).toBe(true)
    expect(mock.mock.requests.map((request) => request.path)).toEqual(['/v1/chat/completions'])
    expect(seen.connectionErrors).toBe(0)
  })

  it('gets an upstream failure as chat_error, never on the EventSource’s own error, then done', async () => {
    const mock = await startMockServer({ apiKey: 'another-key-9f8e7d6c' })
    const proxy = await startProxy(mock.url)
    proxies.push(proxy)

    const seen = await readUntilDone(proxy.url, NAMES)
    expect(seen.messages).toEqual([
      { name: 'chat_error', data: { event: 'error', error: expect.objectContaining({ type: 'http', status: 401 }) } },
      { name: 'done', data: { event: 'done' } },
    ])
    expect(seen.connectionErrors).toBe(0)
    expect(mock.mock.requests).toHaveLength(1)
  })
})
