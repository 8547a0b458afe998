import type { ChatEvent } from '../types'
import type { ToUIMessageStreamOptions, UIMessageStreamPart } from './types'
import { createUIMessagePartMapper } from './ui-message-parts'

/** What the page sees when the events themselves throw: their message may hold anything, so it is not sent. */
const THROWN_ERROR_TEXT = 'The answer could not be read'

/** The AI SDK's framing: one `data:` line per JSON part, no `event:` line, and `[DONE]` last. */
const DONE = 'data: [DONE]\n\n'

function encodeParts(parts: readonly UIMessageStreamPart[]): string {
  let text = ''
  for (const part of parts) text += `data: ${JSON.stringify(part)}\n\n`
  return text
}

/**
 * Returns the events of an answer as the Vercel AI SDK's UI message stream (SSE of JSON parts), the
 * body that `useChat` and `DefaultChatTransport` read: `start`, the text as `text-start`/`text-delta`/
 * `text-end`, each citation as `source-url` (or `source-document` without a URL), the chat session id
 * as `message-metadata` (`message.metadata.chatSessionId` on the page), then `finish`, or `error` for
 * an `error` event. The stream is pulled: `events` is read only as the client reads, and cancelling
 * the stream calls `events.return()`, which cancels the request of a `createChatSession` generator.
 *
 * @example
 * ```ts
 * const body = toUIMessageStream(createChatSession(config, input))
 * ```
 */
export function toUIMessageStream(events: AsyncIterable<ChatEvent>, options?: ToUIMessageStreamOptions): ReadableStream<Uint8Array> {
  const mapper = createUIMessagePartMapper(options)
  const encoder = new TextEncoder()
  let iterator: AsyncIterator<ChatEvent> | undefined
  let closed = false

  const close = (controller: ReadableStreamDefaultController<Uint8Array>, parts: readonly UIMessageStreamPart[]): void => {
    closed = true
    controller.enqueue(encoder.encode(encodeParts(parts) + DONE))
    controller.close()
  }

  return new ReadableStream<Uint8Array>(
    {
      // One network chunk per pull: the parts of the next event that shows anything (an `unknown`
      // event shows nothing), so a client sees each piece of text as soon as Inkeep sends it.
      async pull(controller) {
        iterator ??= events[Symbol.asyncIterator]()
        for (;;) {
          let result: IteratorResult<ChatEvent>
          try {
            result = await iterator.next()
          } catch {
            if (!closed) close(controller, mapper.fail(THROWN_ERROR_TEXT))
            return
          }
          if (closed) return
          if (result.done) return close(controller, mapper.end())
          const parts = mapper.map(result.value)
          if (result.value.event === 'error') {
            close(controller, parts)
            // An `error` is the last event: this frees whatever the iterable still holds.
            await iterator.return?.()
            return
          }
          if (parts.length > 0) return controller.enqueue(encoder.encode(encodeParts(parts)))
        }
      },
      async cancel() {
        closed = true
        // Without a pull before it, no iterator was taken, and no request was sent. The client has
        // gone, so a failure to clean up has nobody to be reported to.
        await Promise.resolve(iterator?.return?.()).catch(() => {})
      },
    },
    // Nothing is read ahead of the client: the first pull waits for its first read.
    { highWaterMark: 0 },
  )
}
