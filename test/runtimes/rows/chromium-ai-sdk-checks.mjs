// Checks of the Chromium AI SDK page: what a user sees after asking, asking again, a refused key, and Stop.
import { assert, check } from '../lib/checks.mjs'

/** The key of the route whose upstream refuses it: it must never reach the page. */
export const SECRET_KEY = 'sk-page-must-never-see-this-key'
export const LONG_QUESTION = 'Tell me everything.'
export const LONG_ANSWER = 'Everything. '.repeat(200)
/** Longest wait for the mock to see how a stream ended, so that a broken cancel fails instead of hanging. */
const STREAM_END_WAIT_MS = 5000

async function ask(page, question) {
  await page.fill('#question', question)
  await page.click('#ask button')
}

const seen = (page) =>
  page.evaluate(() => ({
    state: document.getElementById('status').dataset.state,
    status: document.getElementById('status').textContent,
    answer: document.getElementById('answer').textContent,
    links: [...document.querySelectorAll('#sources li a')].map((link) => `${link.textContent} ${link.href}`),
    session: document.getElementById('session').textContent,
  }))

/** Waits until the page shows the finished answer that contains `text`. */
const answered = (page, text) =>
  page.waitForFunction((expected) => document.getElementById('status').dataset.state === 'ready' && document.getElementById('answer').textContent.includes(expected), text, { timeout: 15_000 })

/** Resolves one check per behaviour; `open(query)` opens a fresh page, `mock` is the Inkeep mock server. */
export async function aiSdkPageChecks(open, mock) {
  const page = await open()
  const streamed = (request) => request.method === 'POST' && request.stream
  return [
    await check('AI SDK page: renders the streamed answer, its sources and the chat session id', async () => {
      await ask(page, 'How do I get started?')
      await answered(page, 'answer 1 of this chat session')
      const shown = await seen(page)
      assert(shown.answer.startsWith('You asked: "How do I get started?"'), `answer: ${shown.answer}`)
      assert(shown.links.join(' | ') === '[1] Overview https://docs.inkeep.com/overview | [2] Inkeep https://inkeep.com/', `sources: ${shown.links}`)
      assert(shown.session === 'mock-session-1', `session: ${shown.session}`)
    }),
    await check('AI SDK page: a second question continues the same chat session', async () => {
      await ask(page, 'And then?')
      await answered(page, 'answer 2 of this chat session')
      const shown = await seen(page)
      assert(shown.session === 'mock-session-1', `session: ${shown.session}`)
      const paths = mock.mock.requests.map((request) => request.path)
      assert(paths.at(-1) === '/v0/chat_sessions/mock-session-1/chat_results', `requests: ${paths}`)
    }),
    await check('AI SDK page: a refused key shows as an error without the key', async () => {
      const refused = await open('?api=/api/chat-wrong-key')
      await ask(refused, 'How do I get started?')
      await refused.waitForSelector('#status[data-state="error"]', { timeout: 15_000 })
      const shown = await seen(refused)
      // The route's default: a generic sentence by error type, not the upstream's own text.
      assert(shown.status === 'error: The chat service answered with an error.', `status: ${shown.status}`)
      const html = await refused.content()
      assert(!html.includes(SECRET_KEY), 'the page shows the key')
    }),
    await check('AI SDK page: Stop cancels the answer upstream', async () => {
      const stopped = await open()
      const before = mock.mock.requests.length
      await ask(stopped, LONG_QUESTION)
      await stopped.waitForFunction(() => document.getElementById('answer').textContent.length > 0, null, { timeout: 15_000 })
      await stopped.click('#stop')
      const request = mock.mock.requests.slice(before).find(streamed)
      assert(request, 'the mock saw no streamed request')
      const end = await Promise.race([request.stream.ended, new Promise((resolve) => setTimeout(resolve, STREAM_END_WAIT_MS, 'still streaming'))])
      assert(end === 'cancelled', `the upstream stream ended: ${end}`)
      assert(request.stream.sentEvents < request.stream.totalEvents, 'the whole answer was sent anyway')
      assert((await seen(stopped)).answer.length < LONG_ANSWER.length, 'the whole answer arrived anyway')
    }),
  ]
}
