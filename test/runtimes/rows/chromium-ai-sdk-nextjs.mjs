// The Next.js example in the Chromium AI SDK row, without Next.js: examples/nextjs/app/page.tsx
// bundled with esbuild (JSX, React and @ai-sdk/react; the page imports nothing of Next.js) and mounted
// with react-dom, and POST /api/ai-chat and /api/completion answered by the POST of
// examples/nextjs/app/api/<name>/route.ts, called with real Requests, as Next.js calls it, in front of
// the mock Inkeep server.
import { writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { ROOT } from '../lib/consumer.mjs'
import { LONG_ANSWER, LONG_QUESTION } from './chromium-ai-sdk-checks.mjs'

const ROUTE_NAMES = ['ai-chat', 'completion']
const PAGE_MODULE = join(ROOT, 'examples', 'nextjs', 'app', 'page.tsx')

const PAGE = `<!doctype html><meta charset="utf-8"><title>Next.js chat page</title>
<div id="root"></div><script type="module" src="/page.js"></script>`

// What Next.js does with app/page.tsx, reduced to a browser: render its default export into the page,
// given the query as the promise of its searchParams.
const MOUNT = `import { createElement } from 'react'
import { createRoot } from 'react-dom/client'
import Page from ${JSON.stringify(PAGE_MODULE)}
const searchParams = Promise.resolve(Object.fromEntries(new URLSearchParams(location.search)))
createRoot(document.getElementById('root')).render(createElement(Page, { searchParams }))
`

const ROUTE_KEY = 'nextjs-page-key'

/** The route's environment: the mock's key and URL, and a session secret (the package takes 32 characters or more). */
const routeEnv = (mockURL) => ({
  INKEEP_API_KEY: ROUTE_KEY,
  INKEEP_INTEGRATION_ID: 'nextjs-page',
  INKEEP_BASE_URL: mockURL,
  CHAT_SESSION_SECRET: 'nextjs-page-test-session-secret-0123456789',
})

/**
 * Resolves the POST of app/api/`name`/route.ts, bundled into the consumer project with the package
 * left external, so that `@inkeep/chat-api/ai-sdk` resolves to the installed package, as in an app.
 */
async function loadRoute(consumer, name) {
  const outfile = join(consumer, `nextjs-${name}-route.mjs`)
  const entry = join(ROOT, 'examples', 'nextjs', 'app', 'api', name, 'route.ts')
  await build({ entryPoints: [entry], outfile, bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20', logLevel: 'silent' })
  return (await import(pathToFileURL(outfile).href)).POST
}

/** Sets `env` in this process (the route reads it on each request); returns a function that restores it. */
function setEnv(env) {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]))
  Object.assign(process.env, env)
  return () => {
    for (const [name, value] of Object.entries(saved)) value === undefined ? delete process.env[name] : (process.env[name] = value)
  }
}

const bundlePage = async () => {
  const { outputFiles } = await build({
    stdin: { contents: MOUNT, resolveDir: ROOT, sourcefile: 'mount.mjs' },
    absWorkingDir: ROOT,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'silent',
  })
  return outputFiles[0].contents
}

/**
 * Serves the page, its bundle, POST /api/ai-chat and POST /api/completion in front of the mock Inkeep
 * server (`mock`); `posts` holds each JSON body posted to a route.
 */
export async function startNextjsSite(consumer) {
  const mockEntry = join(consumer, 'nextjs-mock.mjs')
  await writeFile(mockEntry, "export { serveMockInkeep } from '@inkeep/chat-api/testing/node'\n")
  const { serveMockInkeep } = await import(pathToFileURL(mockEntry).href)
  // A long answer for the Stop check, so that it is still streaming when Stop is clicked.
  const isLong = ({ messages }) => messages.at(-1).content === LONG_QUESTION
  const answer = (request) => (isLong(request) ? { text: LONG_ANSWER, chunkSize: 10, delayMs: 20 } : { delayMs: 20 })
  const completion = (request) => (isLong(request) ? { content: LONG_ANSWER, chunkSize: 10, delayMs: 20 } : { delayMs: 20 })
  const mock = await serveMockInkeep({ apiKey: ROUTE_KEY, answer, completion })
  const [script, ...handlers] = await Promise.all([bundlePage(), ...ROUTE_NAMES.map((name) => loadRoute(consumer, name))])
  const routes = Object.fromEntries(ROUTE_NAMES.map((name, index) => [`/api/${name}`, handlers[index]]))
  const restoreEnv = setEnv(routeEnv(mock.url))
  const posts = []
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, `http://${req.headers.host}`)
    if (url.pathname === '/') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE)
    if (url.pathname === '/page.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
    const POST = routes[url.pathname]
    if (req.method !== 'POST' || !POST) return void res.writeHead(404).end()
    // Next.js aborts request.signal when the client goes away.
    const aborter = new AbortController()
    res.on('close', () => aborter.abort())
    let body = ''
    for await (const chunk of req) body += chunk
    posts.push(JSON.parse(body))
    const request = new Request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: aborter.signal })
    // As Next.js answers a handler that throws: 500, with the error in the server's log (here, the body).
    const response = await POST(request).catch((error) => new Response(String(error?.stack ?? error), { status: 500 }))
    res.writeHead(response.status, Object.fromEntries(response.headers))
    await pipeline(Readable.fromWeb(response.body), res).catch(() => {})
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    mock,
    posts,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await mock.close()
      restoreEnv()
    },
  }
}
