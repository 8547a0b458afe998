// Serves the browser example on 127.0.0.1: bundles main.mjs with esbuild and starts the mock Inkeep
// server on another port, which the page calls cross-origin (CORS). Run: node examples/browser/serve.mjs
// With INKEEP_API_KEY and INKEEP_INTEGRATION_ID set, the page calls the real API instead. That is
// for a local try-out only: a key in a page is readable by anyone who loads it, so a deployed page
// should call a proxy that holds the key, such as examples/cloudflare-worker.
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { serveMockInkeep } from '@inkeep/chat-api/testing/node'
import { build } from 'esbuild'

const here = import.meta.dirname
const { outputFiles } = await build({ entryPoints: [join(here, 'main.mjs')], bundle: true, format: 'esm', platform: 'browser', write: false })

const { INKEEP_API_KEY, INKEEP_INTEGRATION_ID } = process.env
const useRealApi = Boolean(INKEEP_API_KEY && INKEEP_INTEGRATION_ID)
const mock = useRealApi ? undefined : await serveMockInkeep({ answer: { delayMs: 30 } })
const pageConfig = useRealApi
  ? { apiKey: INKEEP_API_KEY, integrationId: INKEEP_INTEGRATION_ID }
  : { apiKey: 'demo-key', integrationId: 'demo-integration', baseURL: mock.url }

const files = {
  '/': ['text/html; charset=utf-8', await readFile(join(here, 'index.html'))],
  '/main.bundle.mjs': ['text/javascript; charset=utf-8', outputFiles[0].contents],
  '/config.json': ['application/json', JSON.stringify(pageConfig)],
}
const server = createServer((request, response) => {
  const file = files[new URL(request.url, 'http://127.0.0.1').pathname]
  if (!file) return void response.writeHead(404).end('Not found')
  response.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' }).end(file[1])
})
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`Open http://127.0.0.1:${server.address().port}/ (the ${useRealApi ? 'real API' : `mock at ${mock.url}`}); Ctrl+C to stop.`)
})
