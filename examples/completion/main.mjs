// Inkeep's current, OpenAI-compatible API (v1): stream an answer with the sources it looked at, its
// links and how confident it is, then ask a follow-up. v1 keeps no session: each request sends the
// whole conversation. Uses the mock Inkeep server on a free loopback port, or the real API when
// INKEEP_API_KEY is set. Run: node examples/completion/main.mjs
import { createChatCompletion } from '@inkeep/chat-api'
import { serveMockInkeep } from '@inkeep/chat-api/testing/node'

const { INKEEP_API_KEY } = process.env
const server = INKEEP_API_KEY ? undefined : await serveMockInkeep()
const config = INKEEP_API_KEY ? { apiKey: INKEEP_API_KEY } : { apiKey: 'demo-key', baseURL: server.url }

/** Prints one answer as it streams; returns its text, or `undefined` when it failed. */
async function ask(messages) {
  let text = ''
  for await (const item of createChatCompletion(config, { model: 'inkeep-qa-expert', messages, builtInTools: true })) {
    switch (item.event) {
      case 'records_considered': // before the text: what Inkeep is reading
        console.log(`(reading ${item.data.records.map((record) => record.title).join(', ')})\n`)
        break
      case 'message_chunk':
        process.stdout.write(item.data.contentChunk)
        text += item.data.contentChunk
        break
      case 'records_cited': // the links the answer cites
        console.log('\n\nSources:')
        for (const { number, record } of item.data.citations) console.log(`[${number ?? '-'}] ${record.title ?? record.url}: ${record.url}`)
        break
      case 'ai_annotations':
        console.log(`Confidence: ${item.data.answerConfidence}`)
        break
      case 'error':
        console.error(`\n${item.error.type}: ${item.error.message}`)
        return undefined
    }
  }
  console.log()
  return text
}

const messages = [{ role: 'user', content: 'How do I get started with Inkeep?' }]
const first = await ask(messages)
let exitCode = first === undefined ? 1 : 0
if (first !== undefined) {
  messages.push({ role: 'assistant', content: first }, { role: 'user', content: 'And then?' })
  console.log('\n---\n')
  if ((await ask(messages)) === undefined) exitCode = 1
}
await server?.close()
process.exit(exitCode)
