export { createChatSession } from './create-chat-session'
export { continueChatSession } from './continue-chat-session'
export { collectChatResult } from './collect-chat-result'
export { readChatEvents } from './relay/read-chat-events'
export { toEventStream } from './relay/to-event-stream'
export { toEventStreamResponse } from './relay/to-event-stream-response'
export { verifyChatSessionId } from './relay/session-signature'
export { maskChatError } from './relay/mask-chat-error'
export { MAX_ERROR_TEXT_LENGTH } from './errors'
export type {
  AbortedError,
  ChatError,
  HttpError,
  HookError,
  HttpValidationError,
  InputIssue,
  InvalidInputError,
  InvalidResponseError,
  NetworkError,
  StreamInterruptedError,
  TimeoutError,
  ValidationErrorDetail,
} from './errors'
export type {
  AssistantMessage,
  CallOptions,
  ChatConfig,
  ChatHook,
  ChatHookContext,
  ChatHookOptions,
  ChatHooks,
  ChatErrorEvent,
  ChatEvent,
  ChatResult,
  ChatResultEvent,
  ChatSessionInput,
  Citation,
  CitedRecord,
  CollectedChatResult,
  ContinueChatSessionInput,
  CreateChatSessionInput,
  EventStreamOptions,
  EventStreamResponseInit,
  FetchFunction,
  FetchOptions,
  FinishReason,
  HeadersLike,
  Message,
  MessageChunk,
  MessageChunkEvent,
  PartialChatResult,
  ReadChatEventsOptions,
  RecordsCited,
  RecordsCitedEvent,
  RecordType,
  RetryOptions,
  UnknownEvent,
  UserMessage,
} from './types'
