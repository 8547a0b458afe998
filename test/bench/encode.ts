/**
 * Encoding an answer for a browser: each encoder turns the events of one answer into a byte stream,
 * against a bare loop that writes every event with JSON.stringify and TextEncoder over the same
 * events, from the same async source. `measureEncoders` takes any list of encoders, so another
 * stream format gets its row by adding an entry to `ENCODERS` (or passing its own list).
 */
import { createChatSession, toEventStream, type ChatEvent } from '../../lib/index'
import { median } from './measure'
import { responseOf, typicalAnswer } from './workloads'

export interface Encoder {
  name: string
  encode: (events: AsyncIterable<ChatEvent>) => ReadableStream<Uint8Array>
  /** Most time allowed, as a multiple of the bare loop's. */
  maxRatio: number
}

export interface EncoderRow {
  name: string
  events: number
  medianMs: number
  bareMs: number
  maxRatio: number
}

export const ENCODERS: Encoder[] = [{ name: 'toEventStream', encode: (events) => toEventStream(events), maxRatio: 1.3 }]

async function* yieldAll(events: ChatEvent[]): AsyncGenerator<ChatEvent> {
  yield* events
}

/** The floor: one SSE message per event, JSON.stringify and TextEncoder, no stream. Returns the bytes written. */
async function encodeWithBareLoop(events: AsyncIterable<ChatEvent>): Promise<number> {
  const encoder = new TextEncoder()
  let bytes = 0
  for await (const event of events) bytes += encoder.encode(`event: ${event.event}\ndata: ${JSON.stringify(event)}\n\n`).length
  return bytes
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

const timed = async (run: () => Promise<number>): Promise<[number, number]> => {
  const started = performance.now()
  const bytes = await run()
  return [performance.now() - started, bytes]
}

/** Times every encoder and the bare loop over `events`, alternating their order round by round. */
export async function measureEncoders(events: ChatEvent[], encoders: Encoder[] = ENCODERS, rounds = 120, warmup = 30): Promise<EncoderRow[]> {
  const contenders = [{ name: '', run: () => encodeWithBareLoop(yieldAll(events)) }, ...encoders.map((e) => ({ name: e.name, run: () => readAll(e.encode(yieldAll(events))) }))]
  const runs = new Map(contenders.map((contender) => [contender.name, [] as number[]]))
  for (let round = -warmup; round < rounds; round++) {
    const shift = (round + warmup) % contenders.length
    for (const contender of [...contenders.slice(shift), ...contenders.slice(0, shift)]) {
      const [ms] = await timed(contender.run)
      if (round >= 0) runs.get(contender.name)!.push(ms)
    }
  }
  const bareMs = median(runs.get('')!)
  return encoders.map((e) => ({ name: e.name, events: events.length, medianMs: median(runs.get(e.name)!), bareMs, maxRatio: e.maxRatio }))
}

const ms = (value: number): string => (value >= 10 ? value.toFixed(1) : value.toFixed(2))

/** Rows for the benchmark's table: encoder in the chat-api column, the bare loop in the limit column, their ratio next to them. */
export const encoderTableLines = (rows: EncoderRow[]): string[] =>
  rows.map((row) => `| encode the typical answer with ${row.name} (${row.events.toLocaleString('en-US')} events) | ${ms(row.medianMs)} ms | | ${ms(row.bareMs)} ms (JSON.stringify + TextEncoder loop) | | ${(row.medianMs / row.bareMs).toFixed(2)}× | | | |`)

/** One target line per encoder. */
export const encoderTargetLines = (rows: EncoderRow[]): string[] =>
  rows.map((row) => {
    const ratio = row.medianMs / row.bareMs
    return `- ${row.name} ≤ ${row.maxRatio}× a JSON.stringify + TextEncoder loop: ${ratio.toFixed(3)}× ${ratio <= row.maxRatio ? 'holds' : 'MISSED'}`
  })
