import { openBodyReader, type BodyReader } from './body-reader'
import type { ChatCall } from './call-context'
import type { ResolvedConfig } from './config'
import { networkError } from '../errors'
import { describeError } from '../internal/describe-error'
import { redactText } from '../internal/redact'
import { parseServerEvent } from '../protocols/chat-sessions/decode-event'
import { isJsonMediaType, mediaTypeOf, readChatResult, readErrorResponse, readUnexpectedContent } from '../protocols/chat-sessions/read-response'
import type { ChatRequest } from './request'
import { createServerEventReader, type ServerEventEnd, type ServerEventReader } from './sse-reader'
import { sendRequest } from './transport'
import type { ChatEvent } from '../types'

/** Reads one response as batches of typed events: one batch per chunk, so one await per chunk, not per event. */
export type ChatEventReader = ServerEventReader<ChatEvent>

const ended = (end: ServerEventEnd, messages: ChatEvent[] = []): ChatEventReader => ({ read: async () => ({ messages, end }) })

/**
 * Sends one attempt and returns a reader of its events. The response's content type decides how
 * it is read, whatever the request asked for: SSE becomes events, JSON one `chat_result`.
 */
export async function openChatEvents(config: ResolvedConfig, request: ChatRequest, call: ChatCall): Promise<ChatEventReader> {
  const sent = await sendRequest(config, request, call)
  if (!sent.ok) return ended(sent.error)
  const response = sent.value
  // A custom fetch's lookalike Response passed the transport's check of `status` and `headers.get`,
  // but any other getter of it may throw, or `headers.get` give a number: that ends the attempt as a
  // broken response would, never as a rejection of the caller's `next()`.
  let reader: BodyReader | undefined
  try {
    // The key is removed from the server's text wherever it enters an error, so each reader is given it.
    reader = openBodyReader(response.body, call, config.idleTimeoutMs, request.url, config.apiKey)
    return await readEvents(response, reader, config)
  } catch (error) {
    reader?.cancel()
    return ended(networkError(`The response from ${request.url} could not be read: ${redactText(describeError(error), config.apiKey)}`))
  }
}

/** Reads an opened response: an error body, an SSE stream as it arrives, or a JSON result. */
async function readEvents(response: Response, reader: BodyReader, config: ResolvedConfig): Promise<ChatEventReader> {
  const { apiKey } = config
  if (!response.ok) return ended(await readErrorResponse(response, reader, apiKey))
  const mediaType = mediaTypeOf(response)
  if (mediaType === 'text/event-stream') {
    return createServerEventReader(reader, {
      maxEventBytes: config.maxEventBytes,
      decode: (message) => parseServerEvent(message, apiKey),
      secret: apiKey,
      keepUnterminatedLastEvent: true,
    })
  }
  if (!isJsonMediaType(mediaType)) return ended(await readUnexpectedContent(mediaType, reader, apiKey))
  const result = await readChatResult(reader, config.maxEventBytes, apiKey)
  return result.ok ? ended('done', [result.value]) : ended(result.error)
}
