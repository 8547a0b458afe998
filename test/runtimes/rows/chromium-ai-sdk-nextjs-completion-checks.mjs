// Checks of the Next.js example's chat page opened as /?api=completion, on its v1 route: what v1 adds
// to an answer (its confidence, the records it considered), the whole conversation sent each turn as
// v1 keeps no sessions, and Stop.
import { assert, check } from '../lib/checks.mjs'
import { answered, ask, assertStopCancels, seen, startLongAnswer } from './chromium-ai-sdk-nextjs-checks.mjs'

const QUERY = '?api=completion'
const CONSIDERED = 'Considered: Overview, Getting started, Inkeep'

/** Resolves one check per behaviour; `open(query)` opens a fresh page, `site` is what `startNextjsSite` resolved. */
export async function nextjsCompletionPageChecks(open, { mock }) {
  const page = await open(QUERY)
  const sent = () => mock.mock.requests.map(({ path, body }) => ({ path, model: body?.model, messages: body?.messages }))
  // The page whose long answer the last two checks watch, and the requests the mock saw before it.
  let stopped
  let before
  return [
    await check('Next.js page on v1: renders the streamed answer, its links, its confidence and the records it considered', async () => {
      await ask(page, 'How do I get started?')
      await answered(page, 'You asked: "How do I get started?"')
      const shown = await seen(page)
      assert(shown.error === undefined, `error: ${shown.error}`)
      assert(shown.answer.startsWith('You asked: "How do I get started?"'), `answer: ${shown.answer}`)
      assert(shown.links.join(' | ') === '[1] Overview https://docs.inkeep.com/overview | [2] Inkeep https://inkeep.com/', `links: ${shown.links}`)
      assert(shown.notes.join(' | ') === `${CONSIDERED} | Confidence: very_confident`, `notes: ${shown.notes}`)
      const [request] = sent()
      assert(request?.path === '/v1/chat/completions' && request.model === 'inkeep-qa-expert', `requests: ${JSON.stringify(sent())}`)
    }),
    await check('Next.js page on v1: a second question sends the whole conversation', async () => {
      await ask(page, 'And then?')
      await answered(page, 'You asked: "And then?"')
      const shown = await seen(page)
      assert(shown.error === undefined, `error: ${shown.error}`)
      const messages = sent().at(-1)?.messages ?? []
      const roles = messages.map((message) => message.role).join(', ')
      assert(roles === 'user, assistant, user' && messages[0].content === 'How do I get started?' && messages[2].content === 'And then?', `messages: ${JSON.stringify(messages)}`)
      assert(messages[1].content.startsWith('You asked: "How do I get started?"'), `the earlier answer sent: ${messages[1].content}`)
    }),
    await check('Next.js page on v1: shows the records considered while the answer streams', async () => {
      stopped = await open(QUERY)
      before = mock.mock.requests.length
      await startLongAnswer(stopped)
      const shown = await seen(stopped)
      assert(shown.notes.join(' | ') === CONSIDERED, `notes: ${shown.notes}`)
      assert(await stopped.getByRole('button', { name: 'Stop' }).isEnabled(), 'the answer is no longer streaming')
    }),
    await check('Next.js page on v1: Stop cancels the answer upstream, and shows no error', () => assertStopCancels(stopped, mock, before)),
  ]
}
