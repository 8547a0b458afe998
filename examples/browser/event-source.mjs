// Reads an answer with the browser's own EventSource, from a GET route serving toEventStreamResponse
// (serve.mjs's /chat?question=…). No package code in the page; an EventSource can't POST or send
// headers: for those, use fetch and readChatEvents as main.mjs does.

/** Asks `url`; calls `on.text`, `on.sources` and `on.error` as the answer arrives; resolves when it ends. */
export function askWithEventSource(url, on) {
  return new Promise((resolve) => {
    const source = new EventSource(url)
    const end = () => {
      source.close()
      resolve()
    }
    const listen = (name, handle) => source.addEventListener(name, (message) => handle(JSON.parse(message.data)))
    listen('message_chunk', ({ data }) => on.text(data.contentChunk, data.chatSessionId))
    listen('records_cited', ({ data }) => on.sources(data.citations))
    listen('chat_error', ({ error }) => on.error(error))
    // The answer is complete. Close, or the EventSource reconnects and the route asks Inkeep again.
    source.addEventListener('done', end)
    // The EventSource's own `error`: the connection failed or broke before `done`.
    source.addEventListener('error', () => {
      on.error({ type: 'network', message: 'The connection closed before the answer was complete' })
      end()
    })
  })
}
