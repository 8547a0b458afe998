// The page's script: asks the question, renders the answer as it streams, then its sources.
// serve.mjs bundles it; /config.json tells it where to send the question.
import { createChatSession } from '@inkeep/chat-api'

const { apiKey, integrationId, baseURL } = await (await fetch('./config.json')).json()
const [form, question, stop, status, answer, sources] = ['ask', 'question', 'stop', 'status', 'answer', 'sources'].map((id) => document.getElementById(id))
let controller

form.addEventListener('submit', async (submit) => {
  submit.preventDefault()
  controller?.abort()
  controller = new AbortController()
  answer.replaceChildren()
  sources.replaceChildren()
  status.textContent = 'Answering…'
  delete status.dataset.state
  const input = { integrationId, chatSession: { messages: [{ role: 'user', content: question.value }] } }
  let state = 'done'
  for await (const item of createChatSession({ apiKey, ...(baseURL && { baseURL }) }, input, { signal: controller.signal })) {
    switch (item.event) {
      case 'message_chunk':
        answer.append(item.data.contentChunk)
        break
      case 'records_cited':
        for (const { record } of item.data.citations) {
          const entry = document.createElement('li')
          entry.append(Object.assign(document.createElement('a'), { href: record.url ?? '#', textContent: record.title ?? record.type }))
          sources.append(entry)
        }
        break
      case 'error':
        state = 'error'
        status.textContent = `${item.error.type}: ${item.error.message}`
    }
  }
  if (state === 'done') status.textContent = 'Done.'
  status.dataset.state = state
})
stop.addEventListener('click', () => controller?.abort())
