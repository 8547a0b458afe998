/**
 * Encoding an answer for a browser: each encoder turns the events of one answer into a byte stream,
 * against its floor, a bare loop that writes the same bytes with JSON.stringify and TextEncoder and
 * no stream, over the same events from the same async source. Another stream format gets its row by
 * adding an entry to `ENCODERS`.
 */
import { toUIMessageStream } from '../../lib/ai-sdk/index'
import { createChatSession, toEventStream, type ChatEvent } from '../../lib/index'
import { median } from './measure'
import { responseOf, typicalAnswer } from './workloads'

export interface Encoder {
  name: string
  encode: (events: AsyncIterable<ChatEvent>) => ReadableStream<Uint8Array>
  /** Writes the same bytes as `encode`, with nothing but JSON.stringify and TextEncoder; returns how many. */
  bare: (events: AsyncIterable<ChatEvent>) => Promise<number>
  /** What the bare loop writes per step, for the table. */
  bareLabel: string
  /** Most time allowed, as a multiple of the bare loop's. */
  maxRatio: number
}

export interface EncoderRow {
  name: string
  events: number
  medianMs: number
  bareMs: number
  bareLabel: string
  maxRatio: number
}

/** One SSE message per event, then the `done` message. */
async function writeEventsBare(events: AsyncIterable<ChatEvent>): Promise<number> {
  const encoder = new TextEncoder()
  let bytes = 0
  for await (const event of events) bytes += encoder.encode(`event: ${event.event}\ndata: ${JSON.stringify(event)}\n\n`).length
  return bytes + encoder.encode('event: done\ndata: {"event":"done"}\n\n').length
}

/** The AI SDK's parts for the typical answer (chunks, then citations with URLs), built and written one by one. */
async function writeUIPartsBare(events: AsyncIterable<ChatEvent>): Promise<number> {
  const encoder = new TextEncoder()
  const send = (part: unknown): number => encoder.encode(`data: ${JSON.stringify(part)}\n\n`).byteLength
  let bytes = send({ type: 'start' })
  let sessionSent = false
  let textStarted = false
  let finishReason: string | undefined
  for await (const item of events) {
    if (item.event === 'message_chunk') {
      if (!sessionSent && item.data.chatSessionId) bytes += send({ type: 'message-metadata', messageMetadata: { chatSessionId: item.data.chatSessionId } })
      sessionSent = true
      finishReason = item.data.finishReason ?? finishReason
      if (item.data.contentChunk === '') continue
      if (!textStarted) bytes += send({ type: 'text-start', id: 'text-1' })
      textStarted = true
      bytes += send({ type: 'text-delta', id: 'text-1', delta: item.data.contentChunk })
    } else if (item.event === 'records_cited') {
      for (const { number, record } of item.data.citations) bytes += send({ type: 'source-url', sourceId: String(number), url: record.url, title: record.title })
    }
  }
  bytes += send({ type: 'text-end', id: 'text-1' }) + send({ type: 'finish', finishReason })
  return bytes + encoder.encode('data: [DONE]\n\n').byteLength
}

export const ENCODERS: Encoder[] = [
  { name: 'toEventStream', encode: (events) => toEventStream(events), bare: writeEventsBare, bareLabel: 'JSON.stringify + TextEncoder per event', maxRatio: 1.3 },
  { name: 'toUIMessageStream', encode: (events) => toUIMessageStream(events), bare: writeUIPartsBare, bareLabel: 'JSON.stringify + TextEncoder per part', maxRatio: 1.3 },
]

async function* yieldAll(events: ChatEvent[]): AsyncGenerator<ChatEvent> {
  yield* events
}

/** Reads a stream to its end as a consumer would; returns its bytes. */
async function readAll(stream: ReadableStream<Uint8Array>): Promise<number> {
  const reader = stream.getReader()
  let bytes = 0
  for (let read = await reader.read(); !read.done; read = await reader.read()) bytes += read.value.length
  return bytes
}

/** The events this package yields for the benchmark's typical answer (2,002 of them). */
export async function typicalAnswerEvents(): Promise<ChatEvent[]> {
  const events: ChatEvent[] = []
  const workload = typicalAnswer(16 * 1024)
  const config = { apiKey: 'sk-bench-0123456789abcdef', fetch: async () => responseOf(workload) }
  for await (const event of createChatSession(config, { integrationId: 'integration-bench', chatSession: { messages: [{ role: 'user', content: 'Hi?' }] } })) events.push(event)
  if (events.length !== workload.expected.events) throw new Error(`read ${events.length} events, expected ${workload.expected.events}`)
  return events
}

/**
 * Times every encoder and its bare loop over `events`, rotating their order round by round. Throws
 * when an encoder and its loop write different byte counts: then the comparison would mean nothing.
 */
export async function measureEncoders(events: ChatEvent[], encoders: Encoder[] = ENCODERS, rounds = 120, warmup = 30): Promise<EncoderRow[]> {
  const contenders = encoders.flatMap((e) => [
    { name: e.name, run: () => readAll(e.encode(yieldAll(events))) },
    { name: `${e.name} bare`, run: () => e.bare(yieldAll(events)) },
  ])
  const runs = new Map(contenders.map((contender) => [contender.name, [] as number[]]))
  const bytes = new Map<string, number>()
  for (let round = -warmup; round < rounds; round++) {
    const shift = (round + warmup) % contenders.length
    for (const contender of [...contenders.slice(shift), ...contenders.slice(0, shift)]) {
      const started = performance.now()
      bytes.set(contender.name, await contender.run())
      if (round >= 0) runs.get(contender.name)!.push(performance.now() - started)
    }
  }
  return encoders.map((e) => {
    if (bytes.get(e.name) !== bytes.get(`${e.name} bare`)) throw new Error(`${e.name} wrote ${bytes.get(e.name)} bytes, its bare loop ${bytes.get(`${e.name} bare`)}`)
    return { name: e.name, events: events.length, medianMs: median(runs.get(e.name)!), bareMs: median(runs.get(`${e.name} bare`)!), bareLabel: e.bareLabel, maxRatio: e.maxRatio }
  })
}

const ms = (value: number): string => (value >= 10 ? value.toFixed(1) : value.toFixed(2))

/** Rows for the benchmark's table: encoder in the chat-api column, its bare loop in the limit column, their ratio next to them. */
export const encoderTableLines = (rows: EncoderRow[]): string[] =>
  rows.map((row) => `| encode the typical answer with ${row.name} (${row.events.toLocaleString('en-US')} events) | ${ms(row.medianMs)} ms | | ${ms(row.bareMs)} ms (${row.bareLabel}) | | ${(row.medianMs / row.bareMs).toFixed(2)}× | | | |`)

/** One target line per encoder. */
export const encoderTargetLines = (rows: EncoderRow[]): string[] =>
  rows.map((row) => {
    const ratio = row.medianMs / row.bareMs
    return `- ${row.name} ≤ ${row.maxRatio}× its bare loop (${row.bareLabel}): ${ratio.toFixed(3)}× ${ratio <= row.maxRatio ? 'holds' : 'MISSED'}`
  })
