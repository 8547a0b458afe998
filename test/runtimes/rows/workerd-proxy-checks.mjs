// Checks of examples/cloudflare-worker running under workerd: what a browser would send it, and the
// SSE bytes it streams back.
import { assert, check } from '../lib/checks.mjs'
import { parseServerEvents } from '../lib/net.mjs'

export const WORKER_KEY = 'worker-secret-5e1b'

const ask = (url, body, signal) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:1' }, body: JSON.stringify(body), signal })

async function askForEvents(url, body) {
  const response = await ask(url, body)
  assert(response.status === 200, `status ${response.status}`)
  assert(response.headers.get('content-type') === 'text/event-stream', `content-type ${response.headers.get('content-type')}`)
  const text = await response.text()
  assert(!text.includes(WORKER_KEY), 'the stream contains the API key')
  return parseServerEvents(text)
}

const contentOf = (events) => events.filter((e) => e.event === 'message_chunk').map((e) => e.data.contentChunk).join('')

/** Resolves one check per behaviour of the proxy Worker. */
export async function proxyChecks(urls, mock) {
  let chatSessionId
  return [
    await check('worker: answers a CORS preflight', async () => {
      const response = await fetch(urls.proxy, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:1', 'access-control-request-method': 'POST' } })
      assert(response.status === 204, `status ${response.status}`)
      assert(response.headers.get('access-control-allow-origin') === '*', 'allow-origin')
    }),
    await check('worker: streams an answer and its citations as SSE', async () => {
      const events = await askForEvents(urls.proxy, { question: 'What is Inkeep?' })
      assert(contentOf(events).includes('You asked: "What is Inkeep?"'), `content: ${contentOf(events)}`)
      assert(events.filter((e) => e.event === 'message_chunk').length > 5, 'several chunks')
      const cited = events.filter((e) => e.event === 'records_cited')
      assert(cited.length === 1 && cited[0].data.citations.length === 2, 'one records_cited with 2 citations')
      assert(!events.some((e) => e.event === 'error'), 'no error event')
      chatSessionId = events[0].data.chatSessionId
      assert(mock.mock.requests.at(-1).headers.get('authorization') === `Bearer ${WORKER_KEY}`, 'the worker sent its key')
    }),
    await check('worker: continues the session', async () => {
      const events = await askForEvents(urls.proxy, { question: 'And then?', chatSessionId })
      assert(contentOf(events).includes('answer 2 of this chat session'), `content: ${contentOf(events)}`)
    }),
    await check('worker: refuses a body without a question (400)', async () => {
      const response = await ask(urls.proxy, { chatSessionId })
      assert(response.status === 400, `status ${response.status}`)
    }),
    await check('worker: an upstream 401 ends the stream with an http error event', async () => {
      const events = await askForEvents(urls.proxyWrongKey, { question: 'Hello?' })
      const last = events.at(-1)
      assert(last.event === 'error' && last.data.type === 'http' && last.data.status === 401, `last event ${JSON.stringify(last)}`)
      assert(!JSON.stringify(events).includes('not-the-worker-key'), 'the error contains the key')
    }),
    await check('worker: a browser that goes away cancels the upstream stream', async () => {
      const controller = new AbortController()
      const before = mock.mock.requests.length
      const response = await ask(urls.proxy, { question: 'Tell me everything.' }, controller.signal)
      const reader = response.body.getReader()
      await reader.read()
      controller.abort()
      const record = mock.mock.requests[before]
      assert(record?.stream, 'the upstream request was streamed')
      const end = await Promise.race([record.stream.ended, new Promise((resolve) => setTimeout(resolve, 5000, 'still streaming after 5 s'))])
      assert(end === 'cancelled', `upstream stream ended: ${end}`)
    }),
  ]
}
