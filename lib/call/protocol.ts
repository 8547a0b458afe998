import type { EventSourceMessage } from 'eventsource-parser'
import type { ChatError } from '../errors'
import type { Result } from '../internal/result'
import type { ChatEvent } from '../types'

// What the call core asks of a wire protocol. The core owns a call's life (config, timers, retries,
// the transport, reading the body); a protocol knows how its requests and answers are spelt. Each
// protocol lives in a folder of its own under lib/protocols/ and is handed to `streamCall`.

/** What a validated input becomes: the API path, the JSON body, and whether to ask for SSE. */
export interface PreparedRequest {
  path: string
  body: unknown
  stream: boolean
}

/** Removes the key from text that came from outside (see `CallContext.redact`). */
export type Redact = (text: string) => string

/** Hands an event on to the caller, in order. */
export type Emit = (event: ChatEvent) => void

/**
 * Decodes the SSE messages of one response, keeping whatever state the protocol needs between them.
 * `decode` returns the error that ends the body, `'end'` when the message completes the answer (nothing
 * after it is read), or nothing to read on.
 */
export interface StreamDecoder {
  decode(message: EventSourceMessage, emit: Emit): ChatError | 'end' | undefined
  /** The body ended before any `'end'`: nothing when that is a complete answer, or why it is not. */
  bodyEnded(emit: Emit): ChatError | undefined
}

export interface Protocol {
  /**
   * Whether an event the body ends in, without the blank line that completes it, is still decoded:
   * the SSE spec discards it (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
   */
  keepUnterminatedLastEvent: boolean
  /** A decoder for the SSE messages of one response. */
  createStreamDecoder(redact: Redact): StreamDecoder
  /** The events of a whole 2xx JSON body; `undefined` for a protocol that never answers JSON. */
  decodeJson?: ((text: string, redact: Redact) => Result<ChatEvent[], ChatError>) | undefined
  /** The error of a non-2xx answer, from its status, body text and `Retry-After`. */
  decodeError(status: number, text: string, retryAfterMs: number | undefined, redact: Redact): ChatError
}
