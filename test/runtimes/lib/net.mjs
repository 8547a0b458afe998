import { createServer } from 'node:net'

/** Resolves a TCP port that was free on 127.0.0.1 a moment ago, for servers that can't report theirs. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** Resolves once `url` answers any HTTP response; rejects after `timeoutMs`. */
export async function waitForHTTP(url, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      await fetch(url, { method: 'OPTIONS' })
      return
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms: ${error.cause?.message ?? error.message}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}

/** Splits an SSE text into `{ event, data }` with `data` parsed as JSON. Enough for our own proxy's output. */
export function parseServerEvents(text) {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1]
      const data = /^data: (.*)$/m.exec(block)?.[1]
      return { event, data: data === undefined ? undefined : JSON.parse(data) }
    })
}
