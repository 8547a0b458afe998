// The smallest Node program: stream one answer to the terminal, then list its sources.
// Uses the mock Inkeep server on a free loopback port, or the real API when
// INKEEP_API_KEY and INKEEP_INTEGRATION_ID are set. Run: node examples/node/main.mjs
import { createChatSession } from '@inkeep/chat-api'
import { serveMockInkeep } from '@inkeep/chat-api/testing/node'

const { INKEEP_API_KEY, INKEEP_INTEGRATION_ID } = process.env
const useRealApi = Boolean(INKEEP_API_KEY && INKEEP_INTEGRATION_ID)
const server = useRealApi ? undefined : await serveMockInkeep()
const config = useRealApi ? { apiKey: INKEEP_API_KEY } : { apiKey: 'demo-key', baseURL: server.url }

let exitCode = 0
for await (const item of createChatSession(config, {
  integrationId: INKEEP_INTEGRATION_ID ?? 'demo-integration',
  chatSession: { messages: [{ role: 'user', content: 'How do I get started with Inkeep?' }] },
})) {
  if (item.event === 'message_chunk') process.stdout.write(item.data.contentChunk)
  if (item.event === 'records_cited') {
    console.log('\n\nSources:')
    for (const { record } of item.data.citations) console.log(`- ${record.title ?? record.type}: ${record.url ?? ''}`)
  }
  if (item.event === 'error') {
    console.error(`\n${item.error.type}: ${item.error.message}`)
    exitCode = 1
  }
}
await server?.close()
process.exit(exitCode)
