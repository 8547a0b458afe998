// Checks of the browser example's page: what a user sees after asking, and the Stop button.
import { assert, check } from '../lib/checks.mjs'

async function ask(page, question) {
  await page.fill('#question', question)
  await page.click('button:not([type])')
}

const finished = (page) => page.waitForSelector('#status[data-state]', { timeout: 15_000 })

/** Resolves one check per behaviour of the page. */
export async function pageChecks(page) {
  return [
    await check('page: renders the streamed answer and its sources', async () => {
      await ask(page, 'How do I get started with Inkeep?')
      await finished(page)
      const seen = await page.evaluate(() => ({
        state: document.getElementById('status').dataset.state,
        status: document.getElementById('status').textContent,
        answer: document.getElementById('answer').textContent,
        pieces: document.getElementById('answer').childNodes.length,
        links: [...document.querySelectorAll('#sources li a')].map((link) => link.href),
      }))
      assert(seen.state === 'done', `status: ${seen.status}`)
      assert(seen.answer.includes('You asked: "How do I get started with Inkeep?"'), `answer: ${seen.answer}`)
      assert(seen.pieces > 5, `the answer was rendered in ${seen.pieces} pieces, not streamed`)
      assert(seen.links.join(' ') === 'https://docs.inkeep.com/overview https://inkeep.com/', `sources: ${seen.links}`)
    }),
    await check('page: an EventSource reads an answer from GET /chat, then done, with no error', async () => {
      const seen = await page.evaluate(async () => {
        const { askWithEventSource } = await import('./event-source.mjs')
        const seen = { text: '', links: [], errors: [] }
        await askWithEventSource(`./chat?question=${encodeURIComponent('What is Inkeep?')}`, {
          text: (text) => (seen.text += text),
          sources: (citations) => seen.links.push(...citations.map((citation) => citation.record.url)),
          error: (error) => seen.errors.push(error),
        })
        return seen
      })
      assert(seen.errors.length === 0, `errors: ${JSON.stringify(seen.errors)}`)
      assert(seen.text.includes('You asked: "What is Inkeep?"'), `answer: ${seen.text}`)
      assert(seen.links.join(' ') === 'https://docs.inkeep.com/overview https://inkeep.com', `sources: ${seen.links}`)
    }),
    await check('page: Stop aborts the answer mid-stream', async () => {
      await ask(page, 'Tell me everything.')
      await page.waitForFunction(() => document.getElementById('answer').textContent.length > 0, null, { timeout: 10_000 })
      await page.click('#stop')
      await finished(page)
      const status = await page.textContent('#status')
      assert(status.startsWith('aborted:'), `status: ${status}`)
      assert(!(await page.textContent('#answer')).includes('sample sources'), 'the whole answer arrived anyway')
    }),
  ]
}
