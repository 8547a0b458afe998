import type { Protocol } from '../../call/protocol'
import { decodeCompletion, decodeCompletionError } from './decode-answer'
import { createChunkDecoder } from './decode-chunk'

/** Inkeep's OpenAI-compatible v1 (`/v1/chat/completions`): SSE of unnamed JSON chunks ended by `[DONE]`, or one JSON answer. */
export const chatCompletionsProtocol: Protocol = {
  // OpenAI's streams end every message with its blank line, `[DONE]` included: an event the body ends
  // in without one was cut, and is discarded as the SSE spec says.
  keepUnterminatedLastEvent: false,
  createStreamDecoder: createChunkDecoder,
  decodeJson: decodeCompletion,
  decodeError: decodeCompletionError,
}
