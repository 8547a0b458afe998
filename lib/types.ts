import type { ChatError } from './errors'

/** A WHATWG `fetch`: the global one, a proxy's, or a test handler such as `createMockInkeep().fetch`. */
export type FetchFunction = (input: Request | string | URL, init?: RequestInit) => Promise<Response>

/**
 * Request headers: a `Headers`, a record of names to values, or a list of `[name, value]` pairs.
 * Spelled out rather than the DOM's `HeadersInit`, which a Node project without the DOM library lacks.
 */
export type HeadersLike = Headers | Record<string, string> | Array<[string, string]>

/** Retry policy for failures that happen before any event was handed to the caller. */
export interface RetryOptions {
  /** Most requests sent for one call, the first included. @default 3 */
  attempts?: number | undefined
  /** Delay before the first retry in ms; it doubles per retry, with jitter. @default 500 */
  baseDelayMs?: number | undefined
  /** Longest single wait in ms; a server asking for a longer `Retry-After` gets no retry. @default 8000 */
  maxDelayMs?: number | undefined
}

/** How to reach the Inkeep Chat API. Reusable across calls: it holds no call state. */
export interface ChatConfig {
  /**
   * Bearer key, or a function returning one (called once per call, before the first request). No
   * surrounding whitespace, and only characters a header value carries (visible ASCII, Latin-1).
   */
  apiKey: string | (() => string | Promise<string>)
  /**
   * May end in a path prefix; no query, fragment or surrounding spaces. Plain `http:` only to
   * `localhost`, `127.0.0.0/8` or `[::1]`: a name DNS resolves could send the key anywhere.
   * @default 'https://api.inkeep.com'
   */
  baseURL?: string | undefined
  /** Fetch implementation to use instead of `globalThis.fetch`. */
  fetch?: FetchFunction | undefined
  /** Extra request headers, sent with every call; connection-level ones (`host`, `content-length`, …) are refused. */
  headers?: HeadersLike | undefined
  /** Longest wait for response headers, per attempt, in ms. @default 30000 */
  timeoutMs?: number | undefined
  /** Longest silence between body bytes while reading a response, in ms. SSE comments count as bytes. @default 60000 */
  idleTimeoutMs?: number | undefined
  /**
   * Longest a whole call may take, in ms, from the first request to the end of the answer: retries,
   * their waits and the time your loop spends on events included. Bounds a server that keeps a
   * stream alive with heartbeats (or trickles events) forever. @default 600000 (10 minutes)
   */
  totalTimeoutMs?: number | undefined
  /** `false` turns retries off. @default { attempts: 3, baseDelayMs: 500, maxDelayMs: 8000 } */
  retry?: false | RetryOptions | undefined
  /** Largest SSE event data, SSE line or JSON answer accepted, in UTF-8 bytes, from 1024 to 2^30. @default 16777216 (16 MiB) */
  maxEventBytes?: number | undefined
  /** Functions called on every attempt, retries included, to add headers, log or count. See `ChatHooks`. */
  hooks?: ChatHooks | undefined
  /** Extra fields for every `fetch` call, such as `keepalive` or Node's `dispatcher`. See `FetchOptions`. */
  fetchOptions?: FetchOptions | undefined
}

/** Per-call options; fields given here override the config's. */
export interface CallOptions {
  /** Aborting it cancels the request (or the stream) and ends the events with an `aborted` error. */
  signal?: AbortSignal | undefined
  timeoutMs?: number | undefined
  /** Merged over the config's headers, case-insensitively. */
  headers?: HeadersLike | undefined
  /** Merged over the config's `fetchOptions`, field by field. */
  fetchOptions?: FetchOptions | undefined
}

/**
 * Fields passed as they are to `fetch` as part of its `init`: any `RequestInit` field and any
 * runtime's own, such as Node's `dispatcher` (a proxy) or Cloudflare's `cf`. `method`,
 * `body`, `headers`, `signal`, `redirect` and `window` are refused with `invalid_input`: the package
 * sets the first five, and `headers` and `signal` are options of their own.
 */
export interface FetchOptions {
  keepalive?: boolean | undefined
  priority?: 'high' | 'low' | 'auto' | undefined
  cache?: 'default' | 'no-store' | 'reload' | 'no-cache' | 'force-cache' | 'only-if-cached' | undefined
  credentials?: 'omit' | 'same-origin' | 'include' | undefined
  mode?: 'cors' | 'no-cors' | 'same-origin' | 'navigate' | undefined
  referrer?: string | undefined
  referrerPolicy?: string | undefined
  integrity?: string | undefined
  /**
   * Node: a `Dispatcher` such as `new ProxyAgent(url)`, from the same major version of its package as
   * the one Node's own fetch is built on (`process.versions`).
   */
  dispatcher?: unknown
  /** Cloudflare Workers: the request's `cf` properties. */
  cf?: unknown
  [field: string]: unknown
}

/** What a hook is told about one attempt. */
export interface ChatHookContext {
  /** The URL this attempt goes to: `baseURL` joined with the API path. */
  request: string
  /** The attempt's options. Changing a field has no effect, except adding, changing or removing headers in `onRequest`. */
  options: ChatHookOptions
  /** `onResponse` and `onResponseError`: the response, whose body the hook must not read. */
  response?: Response | undefined
  /** `onRequestError`: what `fetch` threw. */
  error?: unknown
}

/** The options of one attempt as a hook sees them: what the package sets, and the `fetchOptions`. */
export interface ChatHookOptions extends FetchOptions {
  baseURL: string
  method: 'POST'
  /**
   * Every request header except `authorization`. In `onRequest`, `headers.set(...)` adds a header to
   * this attempt; `content-type` and `accept` stay the package's.
   */
  headers: Headers
  /** The JSON text of the request. */
  body: string
  signal: AbortSignal
  redirect: 'manual'
}

/** A hook may return a promise; the attempt waits for it. A hook that throws or rejects ends the call with a `hook` error. */
export type ChatHook = (context: ChatHookContext) => void | Promise<void>

/**
 * Functions called on every attempt, retries included; each may be one function or an array, called in order.
 * They observe and add headers: they can't change where the request goes, how, or with which key.
 */
export interface ChatHooks {
  /** Before the request is sent; `context.options.headers.set(...)` adds a header to this attempt. */
  onRequest?: ChatHook | ChatHook[] | undefined
  /** When `fetch` failed without a response (refused, reset, aborted, timed out). */
  onRequestError?: ChatHook | ChatHook[] | undefined
  /** When the response headers arrived, whatever the status. */
  onResponse?: ChatHook | ChatHook[] | undefined
  /** After `onResponse`, when the status is not 2xx: a 4xx, a 5xx, or a redirect (which is not followed). */
  onResponseError?: ChatHook | ChatHook[] | undefined
}

export interface UserMessage {
  role: 'user'
  content: string
}

export interface AssistantMessage {
  role: 'assistant'
  content: string
  recordsCited?: RecordsCited | null | undefined
}

export type Message = UserMessage | AssistantMessage

export interface ChatSessionInput {
  /** The conversation so far, ending with the user's question. The v0 API accepts exactly one. */
  messages: Message[]
  guidance?: string | null | undefined
  context?: string | null | undefined
  tags?: string[] | undefined
}

export interface CreateChatSessionInput {
  integrationId: string
  chatSession: ChatSessionInput
  chatMode?: 'turbo' | 'auto' | (string & {}) | undefined
  /** @default true */
  stream?: boolean | undefined
}

export interface ContinueChatSessionInput {
  chatSessionId: string
  integrationId: string
  message: Message
  /** @default true */
  stream?: boolean | undefined
}

/** Documented record types; any other string is passed through. */
export type RecordType =
  | 'documentation'
  | 'site'
  | 'discourse_post'
  | 'github_issue'
  | 'github_discussion'
  | 'stackoverflow_question'
  | 'discord_forum_post'
  | 'discord_message'
  | 'custom_question_answer'
  | (string & {})

export interface CitedRecord {
  type: RecordType
  url?: string | null | undefined
  title?: string | null | undefined
  description?: string | null | undefined
  breadcrumbs?: string[] | null | undefined
}

export interface Citation {
  number?: number | undefined
  record: CitedRecord
  hitUrl?: string | null | undefined
}

export interface RecordsCited {
  citations: Citation[]
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | (string & {})

export interface MessageChunk {
  chatSessionId?: string | null | undefined
  /** Beside `chatSessionId` in events relayed by `toEventStream` with a `sessionSecret`; the API never sends it. */
  chatSessionSignature?: string | undefined
  contentChunk: string
  finishReason?: FinishReason | null | undefined
}

/** The whole answer of a v0 chat session. */
export interface ChatResult {
  chatSessionId: string
  /** Beside `chatSessionId` in events relayed by `toEventStream` with a `sessionSecret`; the API never sends it. */
  chatSessionSignature?: string | undefined
  message: AssistantMessage
}

/**
 * The whole answer as `collectChatResult` gathers it, from either API. A v0 answer names its session;
 * a v1 answer (`createChatCompletion`) has none, and carries what its tool calls gave instead.
 */
export interface CollectedAnswer {
  /** The v0 session the answer belongs to; absent for a v1 answer, which has no session. */
  chatSessionId?: string | undefined
  chatSessionSignature?: string | undefined
  message: AssistantMessage
  /** v1: the `records_considered` records, when the answer had them. */
  recordsConsidered?: ConsideredRecord[] | undefined
  /** v1: the `ai_annotations`, when the answer had them. */
  aiAnnotations?: AIAnnotations | undefined
  /** v1: every `tool_call` of the answer, in order. */
  toolCalls?: ToolCall[] | undefined
}

export interface MessageChunkEvent {
  event: 'message_chunk'
  data: MessageChunk
}

export interface RecordsCitedEvent {
  event: 'records_cited'
  data: RecordsCited
}

/** The whole answer at once: when `stream: false`, or when the server answers JSON. */
export interface ChatResultEvent {
  event: 'chat_result'
  data: ChatResult
}

/** An SSE event this client does not know yet, passed through unvalidated. */
export interface UnknownEvent {
  event: 'unknown'
  name: string
  data: string
}

/** Always the last event: the generator returns right after it. */
export interface ChatErrorEvent {
  event: 'error'
  error: ChatError
}

/** v1: the sources the answer was drawn from (`provideRecordsConsidered`), before the answer's text. Not all are cited. */
export interface RecordsConsideredEvent {
  event: 'records_considered'
  data: { records: ConsideredRecord[] }
}

/** v1: what the model says of its own answer (`provideAIAnnotations`), such as how confident it is. */
export interface AIAnnotationsEvent {
  event: 'ai_annotations'
  data: AIAnnotations
}

/**
 * v1: a completed call of a tool the request defined, or of a built-in tool whose arguments did not
 * parse or validate (so nothing is lost).
 */
export interface ToolCallEvent {
  event: 'tool_call'
  data: ToolCall
}

export type ChatEvent =
  | MessageChunkEvent
  | RecordsCitedEvent
  | ChatResultEvent
  | RecordsConsideredEvent
  | AIAnnotationsEvent
  | ToolCallEvent
  | UnknownEvent
  | ChatErrorEvent

/** What `collectChatResult` gathered before a failure. */
export interface PartialChatResult {
  chatSessionId?: string | undefined
  content: string
  citations: Citation[]
  recordsConsidered?: ConsideredRecord[] | undefined
  aiAnnotations?: AIAnnotations | undefined
  toolCalls?: ToolCall[] | undefined
}

export type CollectedChatResult =
  | { ok: true; value: CollectedAnswer }
  | { ok: false; error: ChatError; partial: PartialChatResult }

/** Options of `toEventStream`. */
export interface EventStreamOptions {
  /**
   * Writes an SSE comment whenever nothing was written for this long, in ms, so that proxies and
   * platforms that close idle connections keep this one open. @default undefined (no heartbeat)
   */
  heartbeatMs?: number | undefined
  /**
   * What the page is told of an error: the default keeps its `type` and numeric fields, and replaces
   * its `message` and any server text (`body`, `raw`, `detail`, `issues`) by a generic sentence, as an
   * error's text can name internal hosts or what a key function threw. `(error) => error` sends it whole.
   */
  onError?: ((error: ChatError) => ChatError) | undefined
  /**
   * Signs each chat session id the stream names (HMAC-SHA-256), writing `chatSessionSignature` beside
   * it, for a route that continues sessions named by its pages to check with `verifyChatSessionId`.
   * At least 32 characters, kept on the server.
   */
  sessionSecret?: string | undefined
}

/** `ResponseInit` for `toEventStreamResponse`: `headers` are merged over the SSE defaults. */
export interface EventStreamResponseInit extends ResponseInit, EventStreamOptions {}

/** Options of `readChatEvents`. */
export interface ReadChatEventsOptions {
  /** Aborting it cancels the body and ends the events with an `aborted` error. */
  signal?: AbortSignal | undefined
  /** Longest silence between body bytes, in ms. SSE comments (heartbeats) count as bytes. @default 60000 */
  idleTimeoutMs?: number | undefined
  /** Largest SSE event or line accepted, in UTF-8 bytes, from 1024 to 2^30. @default 16777216 (16 MiB) */
  maxEventBytes?: number | undefined
}

// Inkeep's OpenAI-compatible v1 API (`POST /v1/chat/completions`): https://docs.inkeep.com/ai-api

/** Instructions for the model; Inkeep's `inkeep-qa-*` models add their own. */
export interface SystemCompletionMessage {
  role: 'system'
  content: string
}

export interface UserCompletionMessage {
  role: 'user'
  content: string
}

/** A tool call as an assistant message carries it back: a `tool_call` event's data fits as it is. */
export interface CompletionToolCall {
  id: string
  name: string
  argumentsText: string
}

export interface AssistantCompletionMessage {
  role: 'assistant'
  content: string
  /** The calls of your own tools that this answer made, for the `tool` messages that answer them. */
  toolCalls?: CompletionToolCall[] | undefined
}

/** The result of one of your own tools, for the call named by `toolCallId`. */
export interface ToolCompletionMessage {
  role: 'tool'
  toolCallId: string
  content: string
}

/** v1 is stateless: every request carries the whole conversation, oldest first. */
export type CompletionMessage = SystemCompletionMessage | UserCompletionMessage | AssistantCompletionMessage | ToolCompletionMessage

/** A function tool in OpenAI's format, sent exactly as given; its calls come back as `tool_call` events. */
export interface ToolDefinition {
  type: 'function'
  function: {
    name: string
    description?: string | undefined
    /** A JSON Schema object describing the arguments. */
    parameters?: Record<string, unknown> | undefined
    strict?: boolean | null | undefined
    [field: string]: unknown
  }
  [field: string]: unknown
}

export type ToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } }

/** The tools through which Inkeep's `inkeep-qa-*` models give an answer's metadata. */
export type BuiltInTool = 'provideLinks' | 'provideAIAnnotations' | 'provideRecordsConsidered'

export interface CreateChatCompletionInput {
  /** `inkeep-qa-expert`, `inkeep-context-expert`, …: an open set, so any non-empty name is sent. */
  model: string
  /** The whole conversation, at least one message. */
  messages: CompletionMessage[]
  /** Your own function tools, sent exactly as given. */
  tools?: ToolDefinition[] | undefined
  toolChoice?: ToolChoice | undefined
  /**
   * Which built-in tools to ask for (their definitions are sent in `tools`): `true` all three, `false`
   * none, or those named. @default `['provideLinks', 'provideAIAnnotations']` for `inkeep-qa-*` models, none for others
   */
  builtInTools?: boolean | BuiltInTool[] | undefined
  /** @default true */
  stream?: boolean | undefined
}

/** A record Inkeep looked at for an answer (`provideRecordsConsidered`); any other fields it sends are kept. */
export interface ConsideredRecord {
  type: RecordType
  url: string
  title: string
  breadcrumbs?: string[] | null | undefined
  [field: string]: unknown
}

/** Documented answer confidences; any other string is passed through. */
export type AnswerConfidence = 'very_confident' | 'somewhat_confident' | 'not_confident' | 'no_sources' | 'other' | (string & {})

/** `provideAIAnnotations`' `aiAnnotations`; any other fields it sends are kept. */
export interface AIAnnotations {
  answerConfidence: AnswerConfidence
  explanation?: string | undefined
  [field: string]: unknown
}

/** A completed tool call: `arguments` is `argumentsText` parsed as JSON, or `undefined` when it is not JSON. */
export interface ToolCall {
  id: string
  name: string
  arguments: unknown
  argumentsText: string
}

export interface RetrieveDocumentsInput {
  /** The conversation to find documents for, at least one message. */
  messages: CompletionMessage[]
  /** @default 'inkeep-rag' */
  model?: string | undefined
}

/** One part of a document's content. */
export interface RagDocumentContent {
  type: 'text' | (string & {})
  text?: string | undefined
  mediaType?: string | undefined
  data?: string | undefined
}

/** A document of Inkeep's knowledge base, as `retrieveDocuments` returns it (`inkeep-rag`). */
export interface RagDocument {
  type: 'document' | (string & {})
  recordType: RecordType
  url: string
  title: string
  source: { type: 'content' | (string & {}); content: RagDocumentContent[] }
  context?: string | undefined
}

export type RetrievedDocuments = { ok: true; value: RagDocument[] } | { ok: false; error: ChatError }
