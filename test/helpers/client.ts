import { createChatSession, type ChatConfig, type ChatEvent } from '../../lib/index'
import { encode, fetchReturning } from '../fixtures/sse'
import { drain } from './drain'

export const TEST_KEY = 'sk-test-0123456789abcdef'

export const createInput = (content = 'How do I get started?') => ({
  integrationId: 'integration-1',
  chatSession: { messages: [{ role: 'user' as const, content }] },
})

/** Runs a create call (no retries) whose response body delivers `chunks` one per read; returns every event. */
export async function eventsOfBody(chunks: Uint8Array[], config: Partial<ChatConfig> = {}): Promise<ChatEvent[]> {
  const { fetch } = fetchReturning(() => chunks)
  return drain(createChatSession({ apiKey: TEST_KEY, fetch, retry: false, ...config }, createInput()))
}

/** `eventsOfBody` for a body that arrives as one chunk of text. */
export const eventsOfText = (text: string, config: Partial<ChatConfig> = {}): Promise<ChatEvent[]> => eventsOfBody([encode(text)], config)
