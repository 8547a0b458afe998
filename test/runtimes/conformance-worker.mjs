// The conformance scenarios inside a Worker: GET /?hub=<mock hub URL> answers their output as text.
import { runConformance } from './conformance.mjs'

export default {
  async fetch(request) {
    const hubURL = new URL(request.url).searchParams.get('hub') ?? undefined
    const lines = []
    const { failed } = await runConformance({ hubURL, print: (line) => lines.push(line) })
    return new Response(`${lines.join('\n')}\n`, { status: failed > 0 ? 500 : 200 })
  },
}
