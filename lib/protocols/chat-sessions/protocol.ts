import type { Protocol } from '../../call/protocol'
import { decodeChatResult, decodeErrorAnswer } from './decode-answer'
import { decodeServerEvent } from './decode-event'

/** Inkeep's v0 chat sessions (`/v0/chat_sessions/…/chat_results`): SSE of snake_case events, or one JSON result. */
export const chatSessionsProtocol: Protocol = {
  // Inkeep ends its streams after the last event's data line, without the blank line.
  keepUnterminatedLastEvent: true,
  createStreamDecoder: (redact) => ({
    decode: (message, emit) => decodeServerEvent(message, emit, redact),
    // v0 has no end marker: a body read to its end is the whole answer.
    bodyEnded: () => undefined,
  }),
  decodeJson: decodeChatResult,
  decodeError: decodeErrorAnswer,
}
