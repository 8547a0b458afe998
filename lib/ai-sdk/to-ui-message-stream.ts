import { invalidInputError } from '../errors'
import { NOT_YET } from '../internal/settled-within'
import { createSourceReader, THREW, TURNS_AT_HAND } from '../internal/source-reader'
import { isSessionSecret, SESSION_SECRET_RULE } from '../relay/session-signature'
import { createSessionSigner, type SessionSigner } from '../relay/sign-session-events'
import type { ChatEvent } from '../types'
import type { ToUIMessageStreamOptions, UIMessageStreamPart } from './types'
import { createUIMessagePartMapper } from './ui-message-parts'

/** What the page sees when the events themselves throw: their message may hold anything, so it is not sent. */
const THROWN_ERROR_TEXT = 'The answer could not be read'

/** The AI SDK's framing: one `data:` line per JSON part, no `event:` line, and `[DONE]` last. */
const DONE = 'data: [DONE]\n\n'

/** Characters of parts after which a chunk is sent even when more events are at hand. */
const MAX_CHUNK_CHARACTERS = 64 * 1024

/**
 * Adds the signature of the session id to each `message-metadata` part that names one, in place. An
 * id that could not be signed goes out unsigned, which `chatFromUIMessages` then refuses to continue.
 */
async function signMetadata(parts: UIMessageStreamPart[], signer: SessionSigner): Promise<void> {
  for (const part of parts) {
    if (part.type !== 'message-metadata' || part.messageMetadata.chatSessionId === undefined) continue
    try {
      part.messageMetadata.chatSessionSignature = await signer.signatureOf(part.messageMetadata.chatSessionId)
    } catch {}
  }
}

function encodeParts(parts: readonly UIMessageStreamPart[]): string {
  let text = ''
  for (const part of parts) text += `data: ${JSON.stringify(part)}\n\n`
  return text
}

/**
 * Returns the events of an answer, of either API, as the Vercel AI SDK's UI message stream (SSE of
 * JSON parts), the body that `useChat` and `DefaultChatTransport` read: `start`, the text as
 * `text-start`/`text-delta`/`text-end`, each citation as `source-url` (or `source-document` without a
 * URL), the chat session id and v1's `ai_annotations` as `message-metadata` (`metadata.chatSessionId`
 * and `metadata.aiAnnotations` on the page), v1's records considered and tool calls as
 * `data-records-considered` and `data-tool-call` parts (see `ChatDataParts`), then `finish`, or
 * `error` for an `error` event. The stream is pulled: `events` is read only while the client waits
 * for bytes, and cancelling the stream calls `events.return()`, which cancels the call's request.
 *
 * With a `sessionSecret`, the metadata carries `chatSessionSignature` beside the id, which
 * `chatFromUIMessages` checks. An error's text is a generic sentence by type unless `onError` says otherwise.
 *
 * @example
 * ```ts
 * const body = toUIMessageStream(createChatSession(config, input))
 * ```
 */
export function toUIMessageStream(events: AsyncIterable<ChatEvent>, options?: ToUIMessageStreamOptions): ReadableStream<Uint8Array> {
  const mapper = createUIMessagePartMapper(options)
  const encoder = new TextEncoder()
  const source = createSourceReader(events)
  const secret = options?.sessionSecret
  // Checked by hand: valibot is no part of what a page or route importing only this function carries.
  const secretIsValid = secret === undefined || isSessionSecret(secret)
  const signer = secret !== undefined && secretIsValid ? createSessionSigner(secret) : undefined
  let closed = false

  const close = (controller: ReadableStreamDefaultController<Uint8Array>, text: string): void => {
    closed = true
    controller.enqueue(encoder.encode(text + DONE))
    controller.close()
  }

  return new ReadableStream<Uint8Array>(
    {
      // One chunk per pull: the parts of every event at hand, waiting only for the first event that
      // shows anything. Inkeep sends events by the hundred per network chunk, and a web stream chunk
      // per event, or a `Promise.race` per event, costs more than encoding the event
      // (test/bench/README.md has the figures).
      async pull(controller) {
        if (!secretIsValid) {
          // Nothing is read from `events`: a route that was given a bad secret must not answer unsigned.
          const error = invalidInputError([{ path: 'options.sessionSecret', message: SESSION_SECRET_RULE }])
          return close(controller, encodeParts(mapper.map({ event: 'error', error })))
        }
        let text = ''
        for (;;) {
          const step = source.step()
          for (let turn = 0; text !== '' && step.settled === NOT_YET && turn < TURNS_AT_HAND; turn++) await undefined
          if (step.settled === NOT_YET) {
            if (text !== '') return controller.enqueue(encoder.encode(text))
            await step.promise
          }
          if (closed) return
          const result = source.take()
          if (result === THREW) return close(controller, text + encodeParts(mapper.fail(THROWN_ERROR_TEXT)))
          if (result.done) return close(controller, text + encodeParts(mapper.end()))
          const parts = mapper.map(result.value)
          if (signer) {
            await signMetadata(parts, signer)
            if (closed) return
          }
          text += encodeParts(parts)
          if (result.value.event === 'error') {
            close(controller, text)
            // An `error` is the last event: this frees whatever the iterable still holds.
            return source.leave()
          }
          if (text.length >= MAX_CHUNK_CHARACTERS) return controller.enqueue(encoder.encode(text))
        }
      },
      async cancel() {
        closed = true
        // Without a pull before it, no iterator was taken, and no request was sent.
        await source.leave()
      },
    },
    // Nothing is read ahead of the client: the first pull waits for its first read.
    { highWaterMark: 0 },
  )
}
