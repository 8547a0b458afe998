import { expect, type TestContext } from 'vitest'
import type { ChatError, ChatEvent } from '../../lib/index'
import { serveMockInkeep, type MockInkeepServer, type ServeMockInkeepOptions } from '../../lib/testing/node'

/**
 * Starts a mock server closed when the test of `context` finishes. Concurrent tests must pass their
 * own context: the global `onTestFinished` can't tell which of them is running.
 */
export async function serveForTest(context: Pick<TestContext, 'onTestFinished'>, options: ServeMockInkeepOptions = {}): Promise<MockInkeepServer> {
  const server = await serveMockInkeep(options)
  context.onTestFinished(() => server.close())
  return server
}

/**
 * After an abort, Node's fetch (undici) opens a spare idle connection and closes it after its
 * keep-alive timeout of about 4 s; a kept-alive connection closes the same way. So "released" means
 * the server sees no connection within this deadline.
 */
export const RELEASE_DEADLINE_MS = 6000

/** Resolves whether the server saw every connection close within `ms`. */
export async function connectionsClosed(server: MockInkeepServer, ms = RELEASE_DEADLINE_MS): Promise<boolean> {
  const deadline = Date.now() + ms
  while (server.openConnections > 0) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return true
}

/**
 * Checks the fault contract: `before` exactly, then exactly one `error` of `type`, last. Returns it.
 */
export function expectOneErrorAfter(events: ChatEvent[], before: ChatEvent[], type: ChatError['type']): ChatError {
  expect(events.slice(0, -1)).toEqual(before)
  const last = events.at(-1)
  expect(last?.event).toBe('error')
  if (last?.event !== 'error') throw new Error('no error event')
  expect(last.error.type).toBe(type)
  expect(last.error.message).toEqual(expect.any(String))
  return last.error
}

/** The `message_chunk` events the mock streams for `text` in chunks of `size` (its default session id). */
export function chunksOf(text: string, size: number, chatSessionId = 'mock-session-1'): ChatEvent[] {
  const events: ChatEvent[] = []
  for (let start = 0; start < text.length; start += size) {
    events.push({ event: 'message_chunk', data: { chatSessionId, contentChunk: text.slice(start, start + size), finishReason: undefined } })
  }
  return events
}
