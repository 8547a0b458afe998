export { toUIMessageStream } from './to-ui-message-stream'
export { toUIMessageStreamResponse } from './to-ui-message-stream-response'
export { chatFromUIMessages } from './chat-from-ui-messages'
export type {
  ChatFromUIMessagesBody,
  ChatFromUIMessagesOptions,
  ChatMessageMetadata,
  ToUIMessageStreamOptions,
  UIFinishReason,
  UIMessageLike,
  UIMessagePartLike,
  UIMessageStreamPart,
  UIMessageStreamResponseInit,
} from './types'
