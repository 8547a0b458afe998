/**
 * `toUIMessageStream` over a typical answer against the practical limit: a bare loop that builds each
 * part, `JSON.stringify`s it with its `data:` framing and encodes it, over the same events. Both read
 * the events from an async generator, as a route does from `createChatSession`.
 */
import { toUIMessageStream } from '../../lib/ai-sdk/index'
import type { ChatEvent, Citation } from '../../lib/index'
import { median } from './measure'

/** The events of `typicalAnswer`: 2,000 ~6-character chunks, an empty last one with the finish reason, 20 citations. */
function typicalEvents(): ChatEvent[] {
  const chatSessionId = 'chat-session-5b0f3c1e-8a3d-4e8e-9d5a-2f6a7c1b9e04'
  const words = ['Inkeep', ' helps', ' you ', 'answer', ' quest', 'ions, ', 'naïve ', 'ou –  ', 'fast. ']
  const events: ChatEvent[] = Array.from({ length: 2000 }, (_, i) => ({ event: 'message_chunk', data: { chatSessionId, contentChunk: words[i % words.length]! } }))
  events.push({ event: 'message_chunk', data: { chatSessionId, contentChunk: '', finishReason: 'stop' } })
  const citations: Citation[] = Array.from({ length: 20 }, (_, i) => ({
    number: i + 1,
    record: { type: 'documentation', url: `https://docs.example.com/guides/section-${i}/getting-started`, title: `Getting started, part ${i}` },
    hitUrl: `https://docs.example.com/guides/section-${i}/getting-started#install`,
  }))
  events.push({ event: 'records_cited', data: { citations } })
  return events
}

async function* replay(events: ChatEvent[]): AsyncGenerator<ChatEvent> {
  for (const event of events) yield event
}

async function encodeWithStream(events: ChatEvent[]): Promise<number> {
  let bytes = 0
  const reader = toUIMessageStream(replay(events)).getReader()
  for (let read = await reader.read(); !read.done; read = await reader.read()) bytes += read.value.byteLength
  return bytes
}

/** The same bytes, without a stream or a mapper: only what any encoder must do per part. */
async function encodeWithLoop(events: ChatEvent[]): Promise<number> {
  const encoder = new TextEncoder()
  const send = (part: unknown): number => encoder.encode(`data: ${JSON.stringify(part)}\n\n`).byteLength
  let bytes = send({ type: 'start' })
  let sessionSent = false
  let textStarted = false
  for await (const item of replay(events)) {
    if (item.event === 'message_chunk') {
      if (!sessionSent && item.data.chatSessionId) bytes += send({ type: 'message-metadata', messageMetadata: { chatSessionId: item.data.chatSessionId } })
      sessionSent = true
      if (item.data.contentChunk === '') continue
      if (!textStarted) bytes += send({ type: 'text-start', id: 'text-1' })
      textStarted = true
      bytes += send({ type: 'text-delta', id: 'text-1', delta: item.data.contentChunk })
    } else if (item.event === 'records_cited') {
      for (const { number, record } of item.data.citations) bytes += send({ type: 'source-url', sourceId: String(number), url: record.url, title: record.title })
    }
  }
  bytes += send({ type: 'text-end', id: 'text-1' }) + send({ type: 'finish', finishReason: 'stop' })
  return bytes + encoder.encode('data: [DONE]\n\n').byteLength
}

export interface EncodeTimings {
  stream: number
  loop: number
  bytes: number
}

/** Median ms of each encoder over `rounds` alternating runs after `warmup` ones; throws when their bytes differ. */
export async function measureUIMessageEncoding(rounds: number, warmup: number): Promise<EncodeTimings> {
  const events = typicalEvents()
  const runs = { stream: [] as number[], loop: [] as number[] }
  let bytes = 0
  for (let round = -warmup; round < rounds; round++) {
    const order = round % 2 === 0 ? (['stream', 'loop'] as const) : (['loop', 'stream'] as const)
    for (const name of order) {
      const started = performance.now()
      const encoded = await (name === 'stream' ? encodeWithStream(events) : encodeWithLoop(events))
      if (round >= 0) runs[name].push(performance.now() - started)
      if (bytes !== 0 && encoded !== bytes) throw new Error(`the encoders wrote ${bytes} and ${encoded} bytes`)
      bytes = encoded
    }
  }
  return { stream: median(runs.stream), loop: median(runs.loop), bytes }
}
