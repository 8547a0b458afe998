import type { Protocol } from '../call/protocol'
import { networkError } from '../errors'
import { decodeErrorAnswer } from '../protocols/chat-sessions/decode-answer'
import { parseChatEvent } from './decode-relay-event'

/**
 * What `toEventStream` writes, read back: one `ChatEvent` per message, the `chat_error` it carries as
 * the error that ends the events, and `done` as the end of a complete answer. A body that ends
 * without `done` was cut short. `url` names the source in that error.
 */
export const createRelayProtocol = (url: string): Protocol => ({
  // toEventStream ends every message with its blank line: one without it was cut short.
  keepUnterminatedLastEvent: false,
  createStreamDecoder: () => ({
    decode(message, emit) {
      const decoded = parseChatEvent(message)
      if (!decoded.ok) return decoded.error
      const event = decoded.value
      if (event.event === 'done') return 'end'
      // The error the stream carries ends it, as it is.
      if (event.event === 'error') return event.error
      emit(event)
      return undefined
    },
    bodyEnded: () => networkError(`Connection to ${url} closed before the stream's done event`),
  }),
  // A relay route's own refusal, such as a 400 or a 422, read as the API's would be.
  decodeError: decodeErrorAnswer,
})
