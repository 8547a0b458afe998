/** The bytes each benchmark workload streams, generated once and shared by every client. */

const encoder = new TextEncoder()

const SESSION_ID = 'chat-session-5b0f3c1e-8a3d-4e8e-9d5a-2f6a7c1b9e04'

const sseEvent = (name: string, data: unknown): string => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`

const messageChunk = (text: string): string => sseEvent('message_chunk', { chat_session_id: SESSION_ID, content_chunk: text })

/** A citation the size of a real one (~300 bytes of JSON). */
const citation = (index: number) => ({
  number: index + 1,
  record: {
    type: 'documentation',
    url: `https://docs.example.com/guides/section-${index}/getting-started`,
    title: `Getting started, part ${index}`,
    description: 'How to install the package, configure an integration and send a first message to the chat API.',
    breadcrumbs: ['Docs', 'Guides', `Section ${index}`],
  },
  hit_url: `https://docs.example.com/guides/section-${index}/getting-started#install`,
})

const recordsCited = (count: number): string =>
  sseEvent('records_cited', { citations: Array.from({ length: count }, (_, index) => citation(index)) })

/** Words cycled into ~6-character chunks, with a few multi-byte characters as real answers have. */
export const WORDS = ['Inkeep', ' helps', ' you ', 'answer', ' quest', 'ions, ', 'naïve ', 'ou –  ', 'fast. ']

/** What every client must report after reading a workload: how many events, characters and citations. */
export interface Tally {
  events: number
  characters: number
  citations: number
}

/** What a client that hands out the assembled answer rather than its events reports (openai-node's `finalChatCompletion()`). */
export type AnswerTally = Omit<Tally, 'events'>

/** A body to stream: the slices of one pass, delivered `repeat` times (so 100 MB needs no 100 MB array). */
export interface Workload {
  name: string
  description: string
  slices: Uint8Array[]
  repeat: number
  expected: Tally
}

/** Cuts `bytes` into views of `size` bytes (the last may be shorter); the views share one buffer. */
export function sliceBytes(bytes: Uint8Array, size: number): Uint8Array[] {
  const slices: Uint8Array[] = []
  for (let start = 0; start < bytes.length; start += size) slices.push(bytes.subarray(start, start + size))
  return slices
}

/** 2,000 `message_chunk` events of ~6 characters, a last empty one with `finish_reason`, then 20 citations. */
export function typicalAnswer(sliceSize: number): Workload {
  const parts: string[] = []
  let characters = 0
  for (let i = 0; i < 2000; i++) {
    const word = WORDS[i % WORDS.length]!
    characters += word.length
    parts.push(messageChunk(word))
  }
  parts.push(sseEvent('message_chunk', { chat_session_id: SESSION_ID, content_chunk: '', finish_reason: 'stop' }))
  parts.push(recordsCited(20))
  const bytes = encoder.encode(parts.join(''))
  return {
    name: `typical answer, ${sliceSize >= 1024 ? `${sliceSize / 1024} KiB` : `${sliceSize}-byte`} slices`,
    description: `2,002 events, ${(bytes.length / 1024).toFixed(0)} KiB`,
    slices: sliceBytes(bytes, sliceSize),
    repeat: 1,
    expected: { events: 2002, characters, citations: 20 },
  }
}

/** One `message_chunk` that ends the answer, in one slice: what a call costs beyond its events. */
export function oneEventAnswer(): Workload {
  const text = 'Hello.'
  const bytes = encoder.encode(sseEvent('message_chunk', { chat_session_id: SESSION_ID, content_chunk: text, finish_reason: 'stop' }))
  return {
    name: 'one-event answer',
    description: `${bytes.length} bytes, one slice`,
    slices: [bytes],
    repeat: 1,
    expected: { events: 1, characters: text.length, citations: 0 },
  }
}

/** One `records_cited` event of about `mebibytes` MiB (many ordinary citations), in 1 KiB slices. */
export function largeEvent(mebibytes: number): Workload {
  const perCitation = JSON.stringify(citation(1000)).length + 1
  const count = Math.round((mebibytes * 1024 * 1024) / perCitation)
  const bytes = encoder.encode(recordsCited(count))
  return {
    name: `one ${mebibytes} MiB records_cited event, 1 KiB slices`,
    description: `${count.toLocaleString('en-US')} citations, ${(bytes.length / 1024 / 1024).toFixed(2)} MiB`,
    slices: sliceBytes(bytes, 1024),
    repeat: 1,
    expected: { events: 1, characters: 0, citations: count },
  }
}

/** `megabytes` MB of `message_chunk` events in 16 KiB slices: one ~1 MiB pass of events, repeated. */
export function longStream(megabytes: number): Workload {
  const parts: string[] = []
  let passBytes = 0
  let characters = 0
  for (let i = 0; passBytes < 1024 * 1024; i++) {
    const word = WORDS[i % WORDS.length]!
    const event = messageChunk(word)
    parts.push(event)
    passBytes += encoder.encode(event).length
    characters += word.length
  }
  const pass = encoder.encode(parts.join(''))
  const repeat = Math.ceil((megabytes * 1e6) / pass.length)
  return {
    name: `${megabytes} MB stream of message_chunk events, 16 KiB slices`,
    description: `${(parts.length * repeat).toLocaleString('en-US')} events, ${((pass.length * repeat) / 1e6).toFixed(0)} MB`,
    // A pass is cut into 16 KiB slices; the last slice of a pass is shorter, as a real stream's can be.
    slices: sliceBytes(pass, 16 * 1024),
    repeat,
    expected: { events: parts.length * repeat, characters: characters * repeat, citations: 0 },
  }
}

/** Hooks a run can attach to its body: stop it after a deadline, or look at the heap between slices. */
export interface BodyOptions {
  /** `performance.now()` after which the body errors, so a client that takes minutes is cut short. */
  deadline?: number | undefined
  onSlice?: (() => void) | undefined
}

/** Message of the error a body raises at its deadline. */
export const DEADLINE_MESSAGE = 'benchmark time cap reached'

/** A `text/event-stream` `Response` whose body delivers the workload's slices, one per read. */
export function responseOf(workload: Workload, options: BodyOptions = {}): Response {
  const { slices, repeat } = workload
  const { deadline, onSlice } = options
  let index = 0
  let pass = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (deadline !== undefined && performance.now() > deadline) return controller.error(new Error(DEADLINE_MESSAGE))
      onSlice?.()
      if (index === slices.length) {
        index = 0
        pass++
      }
      if (pass === repeat) return controller.close()
      controller.enqueue(slices[index++]!)
    },
  })
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } })
}
