import { createParser, type EventSourceMessage } from 'eventsource-parser'
import type { ChatEvent } from '../../lib/index'

/** Reads a byte stream to its end as text. */
export async function textOf(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text()
}

/** The SSE messages and comments of `text`, as eventsource-parser (any SSE consumer) reads them. */
export function sseMessagesOf(text: string): { messages: EventSourceMessage[]; comments: string[] } {
  const messages: EventSourceMessage[] = []
  const comments: string[] = []
  const parser = createParser({ onEvent: (message) => messages.push(message), onComment: (comment) => comments.push(comment) })
  parser.feed(text)
  return { messages, comments }
}

/** The data of the `done` message that ends a stream `toEventStream` wrote to its end. */
export const DONE = { event: 'done' } as const

/** The events of an SSE text written by `toEventStream`, each `JSON.parse(message.data)`, its `done` included. */
export const parsedEventsOf = (text: string): Array<ChatEvent | typeof DONE> =>
  sseMessagesOf(text).messages.map((message) => JSON.parse(message.data) as ChatEvent | typeof DONE)

export interface SourceProbe {
  /** How many events were taken from the source. */
  readonly pulled: number
  /** Whether `return()` was called, or the generator's `finally` ran. */
  readonly left: boolean
}

/** An endless source of `event` copies that counts what was taken and sees when it is left. */
export function endlessSource(event: ChatEvent): { events: AsyncGenerator<ChatEvent>; probe: SourceProbe } {
  const probe = { pulled: 0, left: false }
  async function* events(): AsyncGenerator<ChatEvent> {
    try {
      for (;;) {
        probe.pulled++
        yield event
      }
    } finally {
      probe.left = true
    }
  }
  return { events: events(), probe }
}

/** A generator that yields `events`, then stays pending until `release` is called (or forever). */
export function stallingSource(events: ChatEvent[]): { source: AsyncIterable<ChatEvent>; returned: () => boolean; release: () => void } {
  let returned = false
  let release!: () => void
  const stalled = new Promise<IteratorResult<ChatEvent>>((resolve) => (release = () => resolve({ done: true, value: undefined })))
  let index = 0
  const iterator: AsyncIterator<ChatEvent> = {
    next: () => (index < events.length ? Promise.resolve({ done: false, value: events[index++]! }) : stalled),
    return: async () => {
      returned = true
      return { done: true, value: undefined }
    },
  }
  return { source: { [Symbol.asyncIterator]: () => iterator }, returned: () => returned, release }
}
