// The page's script: asks serve.mjs (which holds the API key) and renders the answer as it streams,
// then its sources. Uses only readChatEvents: no key, no request to Inkeep from the page.
import { readChatEvents } from '@inkeep/chat-api'

const [form, question, stop, status, answer, sources] = ['ask', 'question', 'stop', 'status', 'answer', 'sources'].map((id) => document.getElementById(id))
let controller
// The session to continue: its id and the server's signature of it, posted back as they came.
let session

form.addEventListener('submit', async (submit) => {
  submit.preventDefault()
  controller?.abort()
  controller = new AbortController()
  const { signal } = controller
  answer.replaceChildren()
  sources.replaceChildren()
  status.textContent = 'Answering…'
  delete status.dataset.state
  let state = 'done'
  const body = JSON.stringify({ question: question.value, ...session })
  const response = await fetch('./chat', { method: 'POST', body, signal }).catch((error) => ({ error }))
  if (response.error) return finish('error', `${signal.aborted ? 'aborted' : 'network'}: ${response.error.message}`)
  for await (const item of readChatEvents(response, { signal })) {
    switch (item.event) {
      case 'message_chunk':
        answer.append(item.data.contentChunk)
        if (item.data.chatSessionId) session = { chatSessionId: item.data.chatSessionId, chatSessionSignature: item.data.chatSessionSignature }
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
  finish(state, state === 'done' ? 'Done.' : status.textContent)
})

function finish(state, text) {
  status.textContent = text
  status.dataset.state = state
}
stop.addEventListener('click', () => controller?.abort())
