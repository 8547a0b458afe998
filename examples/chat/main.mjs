// Streams an answer to the terminal, prints its citations, then asks a follow-up in the same session.
// Uses the mock Inkeep server on a free loopback port, or the real API when
// INKEEP_API_KEY and INKEEP_INTEGRATION_ID are set. Run: node examples/chat/main.mjs
// (`npm start` runs this same file from lib/, without dist/).
import { continueChatSession, createChatSession } from '@inkeep/chat-api'
import { serveMockInkeep } from '@inkeep/chat-api/testing/node'

const useRealApi = Boolean(process.env.INKEEP_API_KEY && process.env.INKEEP_INTEGRATION_ID)
const server = useRealApi ? undefined : await serveMockInkeep({ answer: { delayMs: 15 } })
const config = useRealApi ? { apiKey: process.env.INKEEP_API_KEY } : { apiKey: 'demo-key', baseURL: server.url }
const integrationId = process.env.INKEEP_INTEGRATION_ID ?? 'demo-integration'

/** Prints one answer as it streams; returns its chat session id, or exits 1 on an error event. */
async function printAnswer(events) {
  let chatSessionId
  for await (const item of events) {
    switch (item.event) {
      case 'message_chunk':
        process.stdout.write(item.data.contentChunk)
        chatSessionId = item.data.chatSessionId ?? chatSessionId
        break
      case 'records_cited':
        process.stdout.write('\n\nSources:\n')
        for (const { number, record } of item.data.citations) console.log(`  [${number ?? '-'}] ${record.title ?? record.type} ${record.url ?? ''}`)
        break
      case 'chat_result':
        process.stdout.write(item.data.message.content)
        chatSessionId = item.data.chatSessionId
        break
      case 'error':
        console.error(`\n${item.error.type}: ${item.error.message}`)
        await server?.close()
        process.exit(1)
    }
  }
  process.stdout.write('\n')
  return chatSessionId
}

console.log('> How do I get started with Inkeep?\n')
const chatSessionId = await printAnswer(
  createChatSession(config, {
    integrationId,
    chatSession: { messages: [{ role: 'user', content: 'How do I get started with Inkeep?' }] },
  }),
)

console.log('\n> Can you say more?\n')
await printAnswer(
  continueChatSession(config, { chatSessionId, integrationId, message: { role: 'user', content: 'Can you say more?' } }),
)
await server?.close()
