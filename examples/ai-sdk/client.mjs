// Asks the route of server.mjs two questions with the AI SDK's own client (what `useChat` runs in
// a page), printing each answer with its sources. The second question continues the same Inkeep
// chat session: its id comes back in the assistant message's metadata and is posted with the history.
// Run, once node examples/ai-sdk/server.mjs is listening in another terminal:
//   node examples/ai-sdk/client.mjs [http://127.0.0.1:3000/api/chat]
import { DefaultChatTransport, readUIMessageStream } from 'ai'

const transport = new DefaultChatTransport({ api: process.argv[2] ?? 'http://127.0.0.1:3000/api/chat' })
const messages = []

/** Sends the conversation plus `question`, prints the answer as it streams; exits 1 on an error part. */
async function ask(question) {
  console.log(`> ${question}\n`)
  messages.push({ id: `user-${messages.length}`, role: 'user', parts: [{ type: 'text', text: question }] })
  const stream = await transport.sendMessages({ trigger: 'submit-message', chatId: 'demo', messageId: undefined, abortSignal: undefined, messages })
  let answer
  let printed = 0
  const onError = (error) => {
    console.error(`\nerror: ${error.message}`)
    process.exit(1)
  }
  for await (const message of readUIMessageStream({ stream, onError })) {
    answer = message
    const text = message.parts.filter((part) => part.type === 'text').map((part) => part.text).join('')
    process.stdout.write(text.slice(printed))
    printed = text.length
  }
  const sources = answer.parts.filter((part) => part.type === 'source-url' || part.type === 'source-document')
  if (sources.length > 0) console.log('\n\nSources:')
  for (const source of sources) console.log(`  [${source.sourceId}] ${source.title ?? ''} ${source.url ?? ''}`)
  console.log(`\n(chat session ${answer.metadata?.chatSessionId})\n`)
  messages.push(answer)
}

await ask('How do I get started with Inkeep?')
await ask('Can you say more?')
