// Checks of the Next.js example's chat page and its v0 route: what a user sees after asking, asking
// again and Stop, and that the route continues only the chat sessions whose ids it signed. The page
// helpers serve the v1 checks too (chromium-ai-sdk-nextjs-completion-checks.mjs).
import { assert, check } from '../lib/checks.mjs'
import { LONG_ANSWER, LONG_QUESTION } from './chromium-ai-sdk-checks.mjs'

/** Longest wait for the mock to see how a stream ended, so that a broken cancel fails instead of hanging. */
const STREAM_END_WAIT_MS = 5000

export async function ask(page, question) {
  await page.getByPlaceholder('Ask a question').fill(question)
  await page.getByRole('button', { name: 'Ask' }).click()
}

/** The text, links and notes (`small`) of the page's last answer, and the error it shows, if any. */
export const seen = (page) =>
  page.evaluate(() => {
    const answer = [...document.querySelectorAll('article')].findLast((article) => article.querySelector('strong')?.textContent === 'Inkeep')
    return {
      answer: [...(answer?.querySelectorAll('p') ?? [])].map((paragraph) => paragraph.textContent).join(''),
      links: [...(answer?.querySelectorAll('a') ?? [])].map((link) => `${link.textContent} ${link.href}`),
      notes: [...(answer?.querySelectorAll('small') ?? [])].map((note) => note.textContent),
      error: document.querySelector('[role="alert"]')?.textContent,
    }
  })

/**
 * Waits until the answer is over, with the last message containing `text` (useChat is ready, so Stop is
 * disabled), or until the page shows an error, which the caller's assertions then report.
 */
export const answered = (page, text) =>
  page.waitForFunction(
    (expected) => {
      if (document.querySelector('[role="alert"]')) return true
      const stop = [...document.querySelectorAll('button')].find((button) => button.textContent === 'Stop')
      return stop?.disabled && [...document.querySelectorAll('article')].at(-1)?.textContent.includes(expected)
    },
    text,
    { timeout: 15_000 },
  )

/** Asks the long question on `page` and resolves once its answer is streaming, so that Stop has something to cancel. */
export async function startLongAnswer(page) {
  await ask(page, LONG_QUESTION)
  await page.waitForFunction(() => document.querySelectorAll('article p').length > 1, null, { timeout: 15_000 })
}

/**
 * Clicks Stop on `page`, whose long answer is streaming, and throws unless the first stream the mock
 * (`mock`) started after its `before`th request ends `cancelled` before its end, and the page shows
 * part of the answer and no error.
 */
export async function assertStopCancels(page, mock, before) {
  await page.getByRole('button', { name: 'Stop' }).click()
  const request = mock.mock.requests.slice(before).find((logged) => logged.method === 'POST' && logged.stream)
  assert(request, 'the mock saw no streamed request')
  const end = await Promise.race([request.stream.ended, new Promise((resolve) => setTimeout(resolve, STREAM_END_WAIT_MS, 'still streaming'))])
  assert(end === 'cancelled', `the upstream stream ended: ${end}`)
  assert(request.stream.sentEvents < request.stream.totalEvents, 'the whole answer was sent anyway')
  const shown = await seen(page)
  assert(shown.answer.length < LONG_ANSWER.length, 'the whole answer arrived anyway')
  assert(shown.error === undefined, `error: ${shown.error}`)
}

const assistantMetadata = (post) => post?.messages?.findLast((message) => message.role === 'assistant')?.metadata

/**
 * Resolves one check per behaviour; `open()` opens a fresh page, `site` is what `startNextjsSite`
 * resolved: the Inkeep mock server and the bodies posted to the route.
 */
export async function nextjsPageChecks(open, { mock, posts }) {
  const page = await open()
  return [
    await check('Next.js page: renders the streamed answer and its sources as links', async () => {
      await ask(page, 'How do I get started?')
      await answered(page, 'answer 1 of this chat session')
      const shown = await seen(page)
      assert(shown.error === undefined, `error: ${shown.error}`)
      assert(shown.answer.startsWith('You asked: "How do I get started?"'), `answer: ${shown.answer}`)
      assert(shown.links.join(' | ') === '[1] Overview https://docs.inkeep.com/overview | [2] Inkeep https://inkeep.com/', `sources: ${shown.links}`)
    }),
    await check('Next.js page: a second question continues the same chat session', async () => {
      await ask(page, 'And then?')
      await answered(page, 'answer 2 of this chat session')
      const shown = await seen(page)
      assert(shown.error === undefined, `error: ${shown.error}`)
      assert(shown.answer.includes('answer 2 of this chat session'), `answer: ${shown.answer}`)
      assert(assistantMetadata(posts.at(-1))?.chatSessionId === 'mock-session-1', `posted metadata: ${JSON.stringify(assistantMetadata(posts.at(-1)))}`)
      const paths = mock.mock.requests.map((request) => request.path)
      assert(paths.at(-1) === '/v0/chat_sessions/mock-session-1/chat_results', `requests: ${paths}`)
    }),
    await check('Next.js page: the answer hands the page a signature of its chat session id, which the page posts back', async () => {
      const signature = assistantMetadata(posts.at(-1))?.chatSessionSignature
      assert(typeof signature === 'string' && /^[\w-]{43}$/.test(signature), `posted metadata: ${JSON.stringify(assistantMetadata(posts.at(-1)))}`)
    }),
    await check('Next.js page: Stop cancels the answer upstream, and shows no error', async () => {
      const stopped = await open()
      const before = mock.mock.requests.length
      await startLongAnswer(stopped)
      await assertStopCancels(stopped, mock, before)
    }),
    await check("Next.js page: a history naming another session with this one's signature shows an error and sends nothing upstream", async () => {
      // The session the Stop check's page started: one the mock would continue, had the route asked.
      const otherSession = 'mock-session-2'
      await page.route('**/api/ai-chat', (route) => {
        const body = route.request().postDataJSON()
        for (const message of body.messages) if (message.metadata?.chatSessionId) message.metadata.chatSessionId = otherSession
        return route.continue({ postData: JSON.stringify(body) })
      })
      const before = mock.mock.requests.length
      try {
        await ask(page, 'What did I ask before?')
        await answered(page, 'You asked: "What did I ask before?"')
      } finally {
        await page.unroute('**/api/ai-chat')
      }
      assert(assistantMetadata(posts.at(-1))?.chatSessionId === otherSession, 'the posted history was not tampered with')
      const sent = mock.mock.requests.slice(before).map((request) => `${request.method} ${request.path}`)
      assert(sent.length === 0, `sent upstream: ${sent}`)
      assert((await seen(page)).error, 'the page shows no error')
    }),
  ]
}
