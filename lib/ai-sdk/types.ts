// Written by hand rather than imported from `ai`: the package has no dependency on it, and these
// declarations must compile for users who do not install it. A `UIMessage` from `ai` 5, 6 or 7 is
// assignable to `UIMessageLike` (a type test holds it).
import type { ChatError } from '../errors'
import type { AIAnnotations, CallOptions, ConsideredRecord, CreateChatCompletionInput, ToolCall } from '../types'

/** One part of a message as `useChat` posts it; only `text` parts are read. */
export interface UIMessagePartLike {
  type: string
  text?: string | undefined
}

/** A message as `useChat` posts it: `{ id, role, parts, metadata? }`. */
export interface UIMessageLike {
  id: string
  role: 'system' | 'user' | 'assistant' | (string & {})
  parts: UIMessagePartLike[]
  /** For an assistant message streamed by `toUIMessageStream`: a `ChatMessageMetadata`. */
  metadata?: unknown
}

/** What `chatFromUIMessages` reads: the integration and the messages of a `useChat` request body. */
export interface ChatFromUIMessagesBody {
  integrationId: string
  messages: UIMessageLike[]
}

/** What `completionFromUIMessages` reads: the model and the messages of a `useChat` request body. */
export interface CompletionFromUIMessagesBody {
  /** `inkeep-qa-expert`, `inkeep-context-expert`, …, as `createChatCompletion` takes it. */
  model: string
  messages: UIMessageLike[]
  /** As `createChatCompletion` takes it; its default when unset. */
  builtInTools?: CreateChatCompletionInput['builtInTools']
}

export interface ToUIMessageStreamOptions {
  /** Sent in the `start` part, as the id of the assistant message; the client generates one when unset. */
  messageId?: string | undefined
  /**
   * Signs the chat session id (HMAC-SHA-256) into `metadata.chatSessionSignature`, beside
   * `metadata.chatSessionId`, so that `chatFromUIMessages` given the same secret continues only
   * sessions this server started. At least 32 characters, kept on the server.
   */
  sessionSecret?: string | undefined
  /**
   * The `errorText` the page gets for an error. The default is a generic sentence by error type, as an
   * error's own message can name internal hosts or what a key function threw; `(error) => error.message`
   * sends the message itself.
   */
  onError?: ((error: ChatError) => string) | undefined
}

/** A `ResponseInit` whose `headers` are merged over the UI message stream headers. */
export type UIMessageStreamResponseInit = ResponseInit & ToUIMessageStreamOptions

/** How `chatFromUIMessages` decides whether to continue a session that the posted history names. */
export interface ChatFromUIMessagesOptions extends CallOptions {
  /**
   * The secret `toUIMessageStream` signed the session ids with: a session named in the history is
   * continued only when its `chatSessionSignature` verifies, so a browser can't continue another
   * user's session by naming its id.
   */
  sessionSecret?: string | undefined
  /**
   * Continues whatever session the history names, unverified. Only for a route whose callers are
   * trusted, as whoever knows a session id can read that session's conversation back.
   */
  trustClientSessionId?: boolean | undefined
}

/** What `message.metadata` holds on the page for an assistant message streamed by this package. */
export interface ChatMessageMetadata {
  /** The v0 chat session the answer belongs to; a v1 answer has none. */
  chatSessionId?: string | undefined
  /** Set when the stream was given a `sessionSecret`; posted back with the history. */
  chatSessionSignature?: string | undefined
  /** v1: what the model says of its answer (`ai_annotations`), such as how confident it is. */
  aiAnnotations?: AIAnnotations | undefined
}

/**
 * The data parts an answer adds to its message, by name: `data-records-considered` and
 * `data-tool-call` on the page. `ai`'s second type argument, as in `UIMessage<ChatMessageMetadata,
 * ChatDataParts>`; a type alias, since `ai` wants a record type and an interface is none.
 */
export type ChatDataParts = {
  /** v1: every record the answer considered, in one part that grows as `records_considered` events arrive. */
  'records-considered': { records: ConsideredRecord[] }
  /** v1: one `tool_call`, in a part whose id is the call's (made unique within the message). */
  'tool-call': ToolCall
}

/** The finish reasons the AI SDK's UI message stream accepts. */
export type UIFinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'error' | 'other'

/** The parts of the AI SDK's UI message stream that an Inkeep answer becomes, each one `data:` line. */
export type UIMessageStreamPart =
  | { type: 'start'; messageId?: string }
  | { type: 'message-metadata'; messageMetadata: ChatMessageMetadata }
  | { type: 'text-start'; id: string }
  | { type: 'text-delta'; id: string; delta: string }
  | { type: 'text-end'; id: string }
  | { type: 'source-url'; sourceId: string; url: string; title?: string }
  | { type: 'source-document'; sourceId: string; mediaType: string; title: string }
  | { type: 'data-records-considered'; id: string; data: ChatDataParts['records-considered'] }
  | { type: 'data-tool-call'; id: string; data: ChatDataParts['tool-call'] }
  | { type: 'finish'; finishReason?: UIFinishReason }
  | { type: 'error'; errorText: string }
