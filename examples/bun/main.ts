// The smallest Bun program: stream one answer to the terminal, then list its sources.
// Serves the package's runtime-neutral mock with Bun.serve on a free loopback port, or uses the
// real API when INKEEP_API_KEY and INKEEP_INTEGRATION_ID are set. Run with Bun 1: from a clone of this
// repository after `npm ci`, bun examples/bun/main.ts; in a project with @inkeep/chat-api installed, bun main.ts
import { createChatSession } from '@inkeep/chat-api'
import { createMockInkeep } from '@inkeep/chat-api/testing'

const { INKEEP_API_KEY, INKEEP_INTEGRATION_ID } = process.env
const useRealApi = Boolean(INKEEP_API_KEY && INKEEP_INTEGRATION_ID)
const mock = createMockInkeep()
const server = useRealApi ? undefined : Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (request) => mock.fetch(request) })
const config = server ? { apiKey: 'demo-key', baseURL: `http://127.0.0.1:${server.port}` } : { apiKey: INKEEP_API_KEY! }

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
server?.stop(true)
process.exit(exitCode)
