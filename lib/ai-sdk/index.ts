export { toUIMessageStream } from './to-ui-message-stream'
export { toUIMessageStreamResponse } from './to-ui-message-stream-response'
export { chatFromUIMessages } from './chat-from-ui-messages'
export { completionFromUIMessages } from './completion-from-ui-messages'
export type {
  ChatDataParts,
  ChatFromUIMessagesBody,
  ChatFromUIMessagesOptions,
  ChatMessageMetadata,
  CompletionFromUIMessagesBody,
  ToUIMessageStreamOptions,
  UIFinishReason,
  UIMessageLike,
  UIMessagePartLike,
  UIMessageStreamPart,
  UIMessageStreamResponseInit,
} from './types'
