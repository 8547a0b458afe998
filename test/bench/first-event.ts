/**
 * Time to first event over a real loopback socket: this package against a bare `fetch` +
 * `createParser` loop, both asking the package's mock server for the same streamed answer.
 */
import { createParser } from 'eventsource-parser'
import { createChatSession } from '../../lib/index'
import { serveMockInkeep } from '../../lib/testing/node'

const API_KEY = 'sk-bench-0123456789abcdef'
const INTEGRATION_ID = 'integration-bench'
const QUESTION = 'How do I get started?'

/** Milliseconds from the call until this package yields its first event; the loop is then left. */
async function firstEventWithChatApi(baseURL: string): Promise<number> {
  const started = performance.now()
  const events = createChatSession({ apiKey: API_KEY, baseURL }, { integrationId: INTEGRATION_ID, chatSession: { messages: [{ role: 'user', content: QUESTION }] } })
  const first = await events.next()
  const elapsed = performance.now() - started
  await events.return()
  if (first.done || first.value.event !== 'message_chunk') throw new Error(`unexpected first event ${JSON.stringify(first.value)}`)
  return elapsed
}

/** Milliseconds until a hand-written `fetch` + `createParser` loop sees its first event. */
async function firstEventWithBareFetch(baseURL: string): Promise<number> {
  const started = performance.now()
  const response = await fetch(`${baseURL}/v0/chat_sessions/chat_results`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ integration_id: INTEGRATION_ID, chat_session: { messages: [{ role: 'user', content: QUESTION }] }, stream: true }),
  })
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let first: unknown
  const parser = createParser({ onEvent: (message) => (first ??= JSON.parse(message.data)) })
  while (first === undefined) {
    const { done, value } = await reader.read()
    if (done) throw new Error('the stream ended before its first event')
    parser.feed(decoder.decode(value, { stream: true }))
  }
  const elapsed = performance.now() - started
  await reader.cancel()
  return elapsed
}

export interface FirstEventTimes {
  chatApi: number[]
  bareFetch: number[]
}

/** Runs both `rounds` times, alternating which goes first, after `warmup` untimed rounds. */
export async function measureFirstEvent(rounds: number, warmup: number): Promise<FirstEventTimes> {
  const server = await serveMockInkeep()
  const times: FirstEventTimes = { chatApi: [], bareFetch: [] }
  try {
    for (let round = -warmup; round < rounds; round++) {
      const order = round % 2 === 0 ? (['chatApi', 'bareFetch'] as const) : (['bareFetch', 'chatApi'] as const)
      for (const who of order) {
        const elapsed = who === 'chatApi' ? await firstEventWithChatApi(server.url) : await firstEventWithBareFetch(server.url)
        if (round >= 0) times[who].push(elapsed)
      }
    }
  } finally {
    await server.close()
  }
  return times
}
