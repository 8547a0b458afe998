// The smallest Deno program: stream one answer to the terminal, then list its sources.
// Serves the package's runtime-neutral mock with Deno.serve on a free loopback port, or uses the
// real API when INKEEP_API_KEY and INKEEP_INTEGRATION_ID are set. Run, after `npm install @inkeep/chat-api`:
//   deno run --allow-net=127.0.0.1,api.inkeep.com --allow-env=INKEEP_API_KEY,INKEEP_INTEGRATION_ID main.ts
import { createChatSession } from 'npm:@inkeep/chat-api'
import { createMockInkeep } from 'npm:@inkeep/chat-api/testing'

const apiKey = Deno.env.get('INKEEP_API_KEY')
const integrationId = Deno.env.get('INKEEP_INTEGRATION_ID')
const useRealApi = Boolean(apiKey && integrationId)
const mock = createMockInkeep()
const server = useRealApi ? undefined : Deno.serve({ hostname: '127.0.0.1', port: 0, onListen() {} }, (request) => mock.fetch(request))
const config = server ? { apiKey: 'demo-key', baseURL: `http://127.0.0.1:${server.addr.port}` } : { apiKey: apiKey! }

const encoder = new TextEncoder()
let exitCode = 0
for await (const item of createChatSession(config, {
  integrationId: integrationId ?? 'demo-integration',
  chatSession: { messages: [{ role: 'user', content: 'How do I get started with Inkeep?' }] },
})) {
  if (item.event === 'message_chunk') await Deno.stdout.write(encoder.encode(item.data.contentChunk))
  if (item.event === 'records_cited') {
    console.log('\n\nSources:')
    for (const { record } of item.data.citations) console.log(`- ${record.title ?? record.type}: ${record.url ?? ''}`)
  }
  if (item.event === 'error') {
    console.error(`\n${item.error.type}: ${item.error.message}`)
    exitCode = 1
  }
}
await server?.shutdown()
Deno.exit(exitCode)
