import { openBodyReader } from './body-reader'
import type { ChatCall } from './chat-call'
import type { ResolvedConfig } from './config'
import { parseServerEvent } from './parse-server-event'
import { isJsonMediaType, mediaTypeOf, readChatResult, readErrorResponse, readUnexpectedContent } from './read-response'
import type { ChatRequest } from './request'
import { createServerEventReader, type ServerEventEnd, type ServerEventReader } from './sse'
import { sendRequest } from './transport'
import type { ChatEvent } from './types'

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
  // The key is removed from the server's text wherever it enters an error, so each reader is given it.
  const { apiKey } = config
  const reader = openBodyReader(response.body, call, config.idleTimeoutMs, request.url, apiKey)
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
