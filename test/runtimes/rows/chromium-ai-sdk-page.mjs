// The page of the Chromium AI SDK row, bundled with esbuild: the AI SDK's own chat client (the
// AbstractChat that useChat wraps, with a DOM-rendering state in place of React's) posting to
// the route on this page's origin, and rendering each message's text, sources and chat session id.
import { AbstractChat, DefaultChatTransport } from 'ai'

const $ = (id) => document.getElementById(id)

/** The chat's state, as ai's React and Vue bindings keep it; every change renders the page. */
class PageState {
  #status = 'ready'
  #error = undefined
  messages = []
  get status() {
    return this.#status
  }
  set status(status) {
    this.#status = status
    render(this)
  }
  // The chat sets the status first, then the error: each renders.
  get error() {
    return this.#error
  }
  set error(error) {
    this.#error = error
    render(this)
  }
  pushMessage = (message) => this.#set([...this.messages, message])
  popMessage = () => this.#set(this.messages.slice(0, -1))
  replaceMessage = (index, message) => this.#set(this.messages.map((old, at) => (at === index ? message : old)))
  snapshot = (thing) => structuredClone(thing)
  #set(messages) {
    this.messages = messages
    render(this)
  }
}

function render(state) {
  const answer = state.messages.findLast((message) => message.role === 'assistant')
  $('answer').textContent = (answer?.parts ?? []).filter((part) => part.type === 'text').map((part) => part.text).join('')
  $('sources').replaceChildren(
    ...(answer?.parts ?? []).flatMap((part) => {
      if (part.type !== 'source-url' && part.type !== 'source-document') return []
      const item = document.createElement('li')
      const label = part.type === 'source-url' ? Object.assign(document.createElement('a'), { href: part.url }) : document.createElement('span')
      label.textContent = `[${part.sourceId}] ${part.title ?? ''}`
      item.append(label)
      return [item]
    }),
  )
  $('session').textContent = answer?.metadata?.chatSessionId ?? ''
  $('status').textContent = state.error ? `error: ${state.error.message}` : state.status
  $('status').dataset.state = state.status
}

const api = new URLSearchParams(location.search).get('api') ?? '/api/chat'
const chat = new (class extends AbstractChat {})({ transport: new DefaultChatTransport({ api }), state: new PageState() })

$('ask').addEventListener('submit', (event) => {
  event.preventDefault()
  void chat.sendMessage({ text: $('question').value })
})
$('stop').addEventListener('click', () => void chat.stop())
