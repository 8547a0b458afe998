import type { ChatEvent } from '../../lib/index'

/** Reads every event of a generator into an array. */
export async function drain(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const seen: ChatEvent[] = []
  for await (const event of events) seen.push(event)
  return seen
}

/** Returns the final `error` event's error, failing when the events did not end with one. */
export function lastError(events: ChatEvent[]) {
  const last = events[events.length - 1]
  if (last?.event !== 'error') throw new Error(`expected the last event to be an error, got ${JSON.stringify(last)}`)
  return last.error
}

/** Concatenates the text of every `message_chunk`. */
export const contentOf = (events: ChatEvent[]): string =>
  events.map((event) => (event.event === 'message_chunk' ? event.data.contentChunk : '')).join('')
