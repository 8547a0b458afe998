import { signChatSessionId } from './session-signature'
import type { ChatEvent } from '../types'

/** Signs the chat session ids of one answer's events under one secret. */
export interface SessionSigner {
  /** The signature of `chatSessionId`; an answer names one id many times, so each is signed once. */
  signatureOf(chatSessionId: string): Promise<string>
  /**
   * `event` with a `chatSessionSignature` beside its `chatSessionId`, or as it is when it names none.
   * Never rejects: an id that could not be signed goes out unsigned, which a route then refuses to continue.
   */
  sign(event: ChatEvent): Promise<ChatEvent>
}

export function createSessionSigner(secret: string): SessionSigner {
  const signatures = new Map<string, Promise<string>>()
  const signatureOf = (chatSessionId: string): Promise<string> => {
    let signature = signatures.get(chatSessionId)
    if (!signature) signatures.set(chatSessionId, (signature = signChatSessionId(secret, chatSessionId)))
    return signature
  }
  return {
    signatureOf,
    async sign(event) {
      try {
        if (event.event === 'message_chunk' && event.data.chatSessionId) {
          return { ...event, data: { ...event.data, chatSessionSignature: await signatureOf(event.data.chatSessionId) } }
        }
        if (event.event === 'chat_result' && event.data.chatSessionId) {
          return { ...event, data: { ...event.data, chatSessionSignature: await signatureOf(event.data.chatSessionId) } }
        }
      } catch {}
      return event
    },
  }
}
