// Chromium AI SDK row: a page running the AI SDK's own chat client (bundled from `ai` with
// esbuild) against the route a user writes with `chatFromUIMessages` + `toUIMessageStreamResponse`,
// served from the consumer project's installed package in front of the mock Inkeep server; then the
// Next.js example's `useChat` page on its v0 route and on its v1 route (chromium-ai-sdk-nextjs.mjs).
// The checks read what the pages rendered into the DOM.
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { guard } from '../lib/checks.mjs'
import { ROOT } from '../lib/consumer.mjs'
import { installTool } from '../lib/tools.mjs'
import { aiSdkPageChecks, LONG_ANSWER, LONG_QUESTION, SECRET_KEY } from './chromium-ai-sdk-checks.mjs'
import { startNextjsSite } from './chromium-ai-sdk-nextjs.mjs'
import { nextjsPageChecks } from './chromium-ai-sdk-nextjs-checks.mjs'
import { nextjsCompletionPageChecks } from './chromium-ai-sdk-nextjs-completion-checks.mjs'

const CHROMIUM = '/usr/bin/chromium'
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

/** Signs the session ids the route hands the page, so that it continues them (the package takes 32 characters or more). */
const SESSION_SECRET = 'ai-sdk-page-test-session-secret-0123456789'

const PAGE = `<!doctype html><meta charset="utf-8"><title>AI SDK chat</title>
<form id="ask"><input id="question"><button>Ask</button></form><button id="stop">Stop</button>
<p id="status"></p><p id="answer"></p><ul id="sources"></ul><p id="session"></p>
<script type="module" src="/page.js"></script>`

/** Serves the page, its bundle and two routes: one with the mock's key, one whose key the mock refuses. */
async function startSite(consumer) {
  // Imported through a module in the consumer project, so the package resolves as a user's does.
  const entry = join(consumer, 'ai-sdk-route.mjs')
  await writeFile(entry, "export * from '@inkeep/chat-api/ai-sdk'\nexport { serveMockInkeep } from '@inkeep/chat-api/testing/node'\n")
  const { chatFromUIMessages, toUIMessageStreamResponse, serveMockInkeep } = await import(pathToFileURL(entry).href)
  // A long answer for the Stop check, so that it is still streaming when Stop is clicked.
  const answer = ({ messages }) => (messages.at(-1).content === LONG_QUESTION ? { text: LONG_ANSWER, chunkSize: 10, delayMs: 20 } : { delayMs: 20 })
  const mock = await serveMockInkeep({ apiKey: 'page-test-key', answer })
  const { outputFiles } = await build({ entryPoints: [join(import.meta.dirname, 'chromium-ai-sdk-page.mjs')], absWorkingDir: ROOT, bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' })
  const keys = { '/api/chat': 'page-test-key', '/api/chat-wrong-key': SECRET_KEY }
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://127.0.0.1').pathname
    if (path === '/') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE)
    if (path === '/page.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(outputFiles[0].contents)
    if (req.method !== 'POST' || !keys[path]) return void res.writeHead(404).end()
    const aborter = new AbortController()
    res.on('close', () => aborter.abort())
    let body = ''
    for await (const chunk of req) body += chunk
    const config = { apiKey: keys[path], baseURL: mock.url, retry: false }
    const events = chatFromUIMessages(config, { integrationId: 'page', messages: JSON.parse(body).messages }, { signal: aborter.signal, sessionSecret: SESSION_SECRET })
    const response = toUIMessageStreamResponse(events, { sessionSecret: SESSION_SECRET })
    res.writeHead(response.status, Object.fromEntries(response.headers))
    await pipeline(Readable.fromWeb(response.body), res).catch(() => {})
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    mock,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await mock.close()
    },
  }
}

/**
 * Starts a site with `start()`, runs `pageChecks(open, site)` against it, where `open(query)` opens a fresh page of
 * it, and adds a check that none of those pages threw an uncaught error.
 */
async function checkPage(browser, name, start, pageChecks) {
  return guard(name, async () => {
    const site = await start()
    const pageErrors = []
    try {
      const open = async (query = '') => {
        const page = await browser.newPage()
        page.on('pageerror', (error) => pageErrors.push(error.message))
        await page.goto(`${site.url}${query}`)
        return page
      }
      const checks = await guard(name, () => pageChecks(open, site))
      return [...checks, { name: `${name}: no uncaught errors`, ok: pageErrors.length === 0, detail: pageErrors.join('\n') }]
    } finally {
      await site.close()
    }
  })
}

export const chromiumAiSdkRow = {
  name: 'Chromium (AI SDK client)',
  tools: ['playwright'],
  async run({ consumer }) {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`)
    const { chromium } = await import(pathToFileURL(await installTool('playwright')).href)
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS })
    try {
      const checks = await checkPage(browser, 'AI SDK page', () => startSite(consumer), (open, site) => aiSdkPageChecks(open, site.mock))
      checks.push(...(await checkPage(browser, 'Next.js page', () => startNextjsSite(consumer), nextjsPageChecks)))
      checks.push(...(await checkPage(browser, 'Next.js page on v1', () => startNextjsSite(consumer), nextjsCompletionPageChecks)))
      return { version: `Chromium ${browser.version()}`, checks }
    } finally {
      await browser.close()
    }
  },
}
