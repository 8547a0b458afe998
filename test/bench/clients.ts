/**
 * The four ways of reading a workload that the benchmark compares. Each is given a function that
 * returns the next `Response` and reports what it read, so the runner can check they all agree.
 */
import { InkeepAI } from '@inkeep/ai-api'
import { HTTPClient } from '@inkeep/ai-api/lib/http.js'
import { createParser } from 'eventsource-parser'
import { createChatSession, type ChatConfig } from '../../lib/index'
import type { AnswerTally, Tally } from './workloads'

export type ReadWorkload = (respond: () => Response) => Promise<Tally | AnswerTally>

export const API_KEY = 'sk-bench-0123456789abcdef'
const INTEGRATION_ID = 'integration-bench'
export const QUESTION = 'How do I get started?'

/**
 * This package through its public path: `createChatSession` validates config and input, builds the
 * request, calls `config.fetch`, then decodes, validates and camelCases every event.
 */
export const readWithChatApi: ReadWorkload = async (respond) => {
  const config: ChatConfig = { apiKey: API_KEY, fetch: async () => respond() }
  const input = { integrationId: INTEGRATION_ID, chatSession: { messages: [{ role: 'user' as const, content: QUESTION }] } }
  const tally: Tally = { events: 0, characters: 0, citations: 0 }
  for await (const item of createChatSession(config, input)) {
    if (item.event === 'error') throw new Error(item.error.message)
    tally.events++
    if (item.event === 'message_chunk') tally.characters += item.data.contentChunk.length
    else if (item.event === 'records_cited') tally.citations += item.data.citations.length
  }
  return tally
}

/** The generated SDK `@inkeep/ai-api`, streaming, with its fetcher answering from memory. */
export const readWithGeneratedSdk: ReadWorkload = async (respond) => {
  const sdk = new InkeepAI({ apiKey: API_KEY, httpClient: new HTTPClient({ fetcher: async () => respond() }) })
  const result = await sdk.chatSession.create({
    integrationId: INTEGRATION_ID,
    chatSession: { messages: [{ role: 'user', content: QUESTION }] },
    stream: true,
  })
  if (!result.chatResultStream) throw new Error('the SDK returned no stream')
  const tally: Tally = { events: 0, characters: 0, citations: 0 }
  for await (const item of result.chatResultStream) {
    tally.events++
    if (item.event === 'message_chunk') tally.characters += item.data.contentChunk.length
    else tally.citations += item.data.citations.length
  }
  return tally
}

/**
 * The practical limit of any client: read the body, decode UTF-8, split events with
 * eventsource-parser and JSON.parse each `data`. No request building and no validation.
 */
export const readWithParserLoop: ReadWorkload = async (respond) => {
  const tally: Tally = { events: 0, characters: 0, citations: 0 }
  const parser = createParser({
    onEvent(message) {
      const data = JSON.parse(message.data)
      tally.events++
      if (message.event === 'message_chunk') tally.characters += data.content_chunk.length
      else tally.citations += data.citations.length
    },
  })
  const reader = respond().body!.getReader()
  const decoder = new TextDecoder()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    parser.feed(decoder.decode(value, { stream: true }))
  }
  // The final event may lack its blank line; eventsource-parser waits for one.
  parser.feed(`${decoder.decode()}\n\n`)
  return tally
}

/** One event as the generator floor hands it out: its name and its parsed, untyped data. */
interface ParsedEvent {
  event: string | undefined
  data: any
}

/**
 * The practical-limit loop in the shape this package must return: each chunk's events are parsed as
 * in `readWithParserLoop`, then yielded one by one from a bare `async function*`. No request, no
 * validation, no timers, no clean-up: the cheapest possible `AsyncGenerator` of events.
 */
async function* parseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ParsedEvent, void, undefined> {
  let batch: ParsedEvent[] = []
  const parser = createParser({ onEvent: (message) => void batch.push({ event: message.event, data: JSON.parse(message.data) }) })
  const reader = body.getReader()
  const decoder = new TextDecoder()
  for (;;) {
    const { done, value } = await reader.read()
    // The final event may lack its blank line; eventsource-parser waits for one.
    parser.feed(done ? `${decoder.decode()}\n\n` : decoder.decode(value, { stream: true }))
    const events = batch
    batch = []
    // As in the package's own loop, an index: cheaper than `for…of` when chunks hold one event each.
    for (let index = 0; index < events.length; index++) yield events[index]!
    if (done) return
  }
}

/** The limit's work, read with `for await` from `parseEvents`: the floor for an async generator. */
export const readWithParserGenerator: ReadWorkload = async (respond) => {
  const tally: Tally = { events: 0, characters: 0, citations: 0 }
  for await (const { event, data } of parseEvents(respond().body!)) {
    tally.events++
    if (event === 'message_chunk') tally.characters += data.content_chunk.length
    else tally.citations += data.citations.length
  }
  return tally
}
