// Checks of examples/cloudflare-worker running under workerd: what a browser would send it, the SSE
// it streams back (read with readChatEvents, as the page does), and what a browser going away does
// to the call upstream.
import { readChatEvents } from '@inkeep/chat-api'
import { assert, check } from '../lib/checks.mjs'

export const WORKER_KEY = 'worker-secret-5e1b'

/** The message that ends a stream the Worker wrote to its end. */
const DONE = 'event: done\ndata: {"event":"done"}\n\n'

/** How long the mock server may take to see the browser go away, as in the Node integration tests. */
const CANCEL_DEADLINE_MS = 200

const ask = (url, body, signal) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:1' }, body: JSON.stringify(body), signal })

async function askForEvents(url, body) {
  const response = await ask(url, body)
  assert(response.status === 200, `status ${response.status}`)
  const text = await response.text()
  assert(!text.includes(WORKER_KEY), 'the stream contains the API key')
  assert(text.endsWith(DONE), `the stream does not end with done: ${JSON.stringify(text.slice(-60))}`)
  const events = []
  for await (const event of readChatEvents(new Response(text, { headers: response.headers }))) events.push(event)
  return { events, headers: response.headers, text }
}

const contentOf = (events) => events.filter((e) => e.event === 'message_chunk').map((e) => e.data.contentChunk).join('')

const within = (promise, ms) => Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms, `still streaming after ${ms} ms`))])

/** Starts an answer, reads its first bytes, cancels the body; resolves how the upstream stream ended. */
async function goAwayMidAnswer(url, mock) {
  const before = mock.mock.requests.length
  const response = await ask(url, { question: 'Tell me everything.' })
  const reader = response.body.getReader()
  await reader.read()
  const record = mock.mock.requests[before]
  assert(record?.stream, 'the upstream request was streamed')
  await reader.cancel()
  return within(record.stream.ended, CANCEL_DEADLINE_MS)
}

/** Resolves one check per behaviour of the proxy Worker. */
export async function proxyChecks(urls, mock, stalledMock) {
  let session
  return [
    await check('worker: answers a CORS preflight', async () => {
      const response = await fetch(urls.proxy, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:1', 'access-control-request-method': 'POST' } })
      assert(response.status === 204, `status ${response.status}`)
      assert(response.headers.get('access-control-allow-origin') === '*', 'allow-origin')
    }),
    await check('worker: streams an answer and its citations as SSE that readChatEvents reads', async () => {
      const { events, headers } = await askForEvents(urls.proxy, { question: 'What is Inkeep?' })
      assert(headers.get('content-type') === 'text/event-stream; charset=utf-8', `content-type ${headers.get('content-type')}`)
      assert(headers.get('cache-control') === 'no-cache, no-transform', `cache-control ${headers.get('cache-control')}`)
      assert(headers.get('access-control-allow-origin') === '*', 'allow-origin')
      assert(contentOf(events).includes('You asked: "What is Inkeep?"'), `content: ${contentOf(events)}`)
      assert(events.filter((e) => e.event === 'message_chunk').length > 5, 'several chunks')
      const cited = events.filter((e) => e.event === 'records_cited')
      assert(cited.length === 1 && cited[0].data.citations.length === 2, 'one records_cited with 2 citations')
      assert(!events.some((e) => e.event === 'error'), `an error event: ${JSON.stringify(events.at(-1))}`)
      const { chatSessionId, chatSessionSignature } = events[0].data
      assert(/^[\w-]{43}$/.test(chatSessionSignature ?? ''), `the session id is signed: ${JSON.stringify(events[0].data)}`)
      session = { chatSessionId, chatSessionSignature }
      assert(mock.mock.requests.at(-1).headers.get('authorization') === `Bearer ${WORKER_KEY}`, 'the worker sent its key')
    }),
    await check('worker: its stream cut before done reads as stream_interrupted after every event', async () => {
      const { events, headers, text } = await askForEvents(urls.proxy, { question: 'What is Inkeep?' })
      const cut = []
      for await (const event of readChatEvents(new Response(text.slice(0, -DONE.length), { headers }))) cut.push(event)
      const last = cut.at(-1)
      assert(last.event === 'error' && last.error.type === 'stream_interrupted', `last event ${JSON.stringify(last)}`)
      assert(last.error.eventsReceived === events.length, `eventsReceived ${last.error.eventsReceived} of ${events.length}`)
    }),
    await check('worker: continues the session', async () => {
      const { events } = await askForEvents(urls.proxy, { question: 'And then?', ...session })
      assert(contentOf(events).includes('answer 2 of this chat session'), `content: ${contentOf(events)}`)
    }),
    await check('worker: refuses a session id without its signature (403), asking nothing upstream', async () => {
      const sent = mock.mock.requests.length
      const response = await ask(urls.proxy, { question: 'What did I ask?', chatSessionId: session.chatSessionId })
      assert(response.status === 403, `status ${response.status}`)
      assert(mock.mock.requests.length === sent, 'a request went upstream')
    }),
    await check('worker: refuses a body without a question (400)', async () => {
      const response = await ask(urls.proxy, session)
      assert(response.status === 400, `status ${response.status}`)
    }),
    await check('worker: an upstream 401 ends the stream with an http error event', async () => {
      const { events } = await askForEvents(urls.proxyWrongKey, { question: 'Hello?' })
      const last = events.at(-1)
      assert(last.event === 'error' && last.error.type === 'http' && last.error.status === 401, `last event ${JSON.stringify(last)}`)
      assert(!JSON.stringify(events).includes('not-the-worker-key'), 'the error contains the key')
      assert(last.error.body === '' && !last.error.message.includes('401'), `the page got the server's text: ${JSON.stringify(last.error)}`)
    }),
    await check(`worker: a browser that cancels the body cancels the upstream stream within ${CANCEL_DEADLINE_MS} ms`, async () => {
      const end = await goAwayMidAnswer(urls.proxy, mock)
      assert(end === 'cancelled', `upstream stream ended: ${end}`)
    }),
    await check(`worker: a browser that goes away while the upstream is silent cancels it within ${CANCEL_DEADLINE_MS} ms (50 ms heartbeats)`, async () => {
      const end = await goAwayMidAnswer(urls.proxyStalled, stalledMock)
      assert(end === 'cancelled', `upstream stream ended: ${end}`)
    }),
  ]
}
