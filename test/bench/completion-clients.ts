/**
 * The ways of reading a v1 answer (`POST /v1/chat/completions`, OpenAI's chunks) that the benchmark
 * compares: this package, openai-node two ways, and the limit and the generator floor built as the v0
 * ones in clients.ts are. Each reports the answer as `createChatCompletion`'s events count it.
 */
import { createParser } from 'eventsource-parser'
import { createChatCompletion, type ChatConfig } from '../../lib/index'
import { API_KEY, QUESTION, type ReadWorkload } from './clients'
import type { Tally } from './workloads'

const MODEL = 'inkeep-qa-expert'
/** Where openai-node sends `POST /chat/completions`: the same URL as `createChatCompletion`'s. */
const OPENAI_BASE_URL = 'https://api.inkeep.com/v1'
const DONE = '[DONE]'

/** What the tally reads of a chunk: openai-node's `ChatCompletionChunk` has this shape. */
interface CompletionChunk {
  choices: Array<{
    delta: { content?: string | null | undefined; tool_calls?: Array<{ id?: string | undefined; function?: { arguments?: string | undefined } | undefined }> | undefined }
    finish_reason: string | null
  }>
}

/**
 * Counts chunks as `createChatCompletion`'s events: one per chunk with content or a finish reason,
 * one per tool call. The links need the call's arguments whole: the workload has one call, so its
 * fragments are joined in order and parsed once, at the end.
 */
function createChunkTally(): { add(chunk: CompletionChunk): void; end(): Tally } {
  const tally: Tally = { events: 0, characters: 0, citations: 0 }
  let argumentsText = ''
  return {
    add({ choices }) {
      const { delta, finish_reason: finishReason } = choices[0]!
      if (delta.content || finishReason !== null) tally.events++
      if (delta.content) tally.characters += delta.content.length
      const call = delta.tool_calls?.[0]
      if (call?.id) tally.events++
      if (call?.function?.arguments) argumentsText += call.function.arguments
    },
    end() {
      tally.citations = JSON.parse(argumentsText).links.length
      return tally
    },
  }
}

/** `createChatCompletion` through its public path, with a `config.fetch` that returns the `Response`. */
export const readWithCreateChatCompletion: ReadWorkload = async (respond) => {
  const config: ChatConfig = { apiKey: API_KEY, fetch: async () => respond() }
  const tally: Tally = { events: 0, characters: 0, citations: 0 }
  for await (const item of createChatCompletion(config, { model: MODEL, messages: [{ role: 'user', content: QUESTION }] })) {
    if (item.event === 'error') throw new Error(item.error.message)
    tally.events++
    if (item.event === 'message_chunk') tally.characters += item.data.contentChunk.length
    else if (item.event === 'records_cited') tally.citations += item.data.citations.length
  }
  return tally
}

/** The limit, as `readWithParserLoop`: eventsource-parser and `JSON.parse` of each message, counted in its callback. */
export const readCompletionWithParserLoop: ReadWorkload = async (respond) => {
  const chunks = createChunkTally()
  const parser = createParser({
    onEvent(message) {
      if (message.data !== DONE) chunks.add(JSON.parse(message.data))
    },
  })
  const reader = respond().body!.getReader()
  const decoder = new TextDecoder()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    parser.feed(decoder.decode(value, { stream: true }))
  }
  parser.feed(`${decoder.decode()}\n\n`)
  return chunks.end()
}

/** The twin of `parseEvents` in clients.ts: each chunk's parsed messages, yielded one by one by a bare `async function*`. */
async function* parseChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<CompletionChunk, void, undefined> {
  let batch: CompletionChunk[] = []
  const parser = createParser({
    onEvent(message) {
      if (message.data !== DONE) batch.push(JSON.parse(message.data))
    },
  })
  const reader = body.getReader()
  const decoder = new TextDecoder()
  for (;;) {
    const { done, value } = await reader.read()
    parser.feed(done ? `${decoder.decode()}\n\n` : decoder.decode(value, { stream: true }))
    const chunks = batch
    batch = []
    for (let index = 0; index < chunks.length; index++) yield chunks[index]!
    if (done) return
  }
}

/** The generator floor for v1: `parseChunks` read with `for await`; no tool-call assembly, no validation. */
export const readCompletionWithParserGenerator: ReadWorkload = async (respond) => {
  const chunks = createChunkTally()
  for await (const chunk of parseChunks(respond().body!)) chunks.add(chunk)
  return chunks.end()
}

// Imported on first use, not at the top: loaded with the benchmark, openai-node raised chat-api's peak
// heap over the 100 MB stream with a 1 MiB young generation from 1.5 to 41 MiB (test/bench/README.md).
let OpenAI: typeof import('openai').default | undefined

/** A client per run, as the generated SDK gets one, whose `fetch` returns the run's `Response`. */
async function createOpenAI(respond: () => Response): Promise<InstanceType<typeof import('openai').default>> {
  OpenAI ??= (await import('openai')).default
  return new OpenAI({ apiKey: API_KEY, baseURL: OPENAI_BASE_URL, fetch: async () => respond(), maxRetries: 0 })
}

/** openai-node's `create({ stream: true })`, read chunk by chunk. */
export const readWithOpenAICreate: ReadWorkload = async (respond) => {
  const client = await createOpenAI(respond)
  const stream = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: QUESTION }], stream: true })
  const chunks = createChunkTally()
  for await (const chunk of stream) chunks.add(chunk)
  return chunks.end()
}

/**
 * openai-node's `stream()`, then `finalChatCompletion()`, which joins the content and the tool call's
 * arguments: it hands out the assembled answer, not events, so it reports no event count.
 */
export const readWithOpenAIStream: ReadWorkload = async (respond) => {
  const client = await createOpenAI(respond)
  const completion = await client.chat.completions.stream({ model: MODEL, messages: [{ role: 'user', content: QUESTION }] }).finalChatCompletion()
  const { content, tool_calls: toolCalls } = completion.choices[0]!.message
  const call = toolCalls?.[0]
  if (call?.type !== 'function') throw new Error('openai-node assembled no function call')
  return { characters: content?.length ?? 0, citations: JSON.parse(call.function.arguments).links.length }
}
