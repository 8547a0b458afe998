export { createChatSession } from './create-chat-session'
export { continueChatSession } from './continue-chat-session'
export { collectChatResult } from './collect-chat-result'
export { MAX_ERROR_TEXT_LENGTH } from './errors'
export type {
  AbortedError,
  ChatError,
  HttpError,
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
  FetchFunction,
  FinishReason,
  Message,
  MessageChunk,
  MessageChunkEvent,
  PartialChatResult,
  RecordsCited,
  RecordsCitedEvent,
  RecordType,
  RetryOptions,
  UnknownEvent,
  UserMessage,
} from './types'
