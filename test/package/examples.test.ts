import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it, type TestContext } from 'vitest'
import { readChatEvents } from '../../lib/index'
import { contentOf, drain } from '../helpers/drain'

const root = join(import.meta.dirname, '..', '..')
const run = promisify(execFile)
const { INKEEP_API_KEY, INKEEP_INTEGRATION_ID, ...envWithoutKey } = process.env

/** Starts `node <script>` and resolves the first match of `ready` in its output; stopped after the test. */
function start(context: Pick<TestContext, 'onTestFinished'>, script: string, ready: RegExp): Promise<RegExpMatchArray> {
  const child = spawn(process.execPath, [join(root, script)], { cwd: root, env: envWithoutKey })
  context.onTestFinished(() => void child.kill())
  return new Promise((resolve, reject) => {
    let output = ''
    child.stdout.on('data', (data) => {
      output += data
      const match = ready.exec(output)
      if (match) resolve(match)
    })
    child.stderr.on('data', (data) => (output += data))
    child.on('exit', (code) => reject(new Error(`${script} exited ${code}:\n${output}`)))
  })
}

describe('examples', () => {
  it('the chat demo streams an answer with its sources, continues the session and exits 0', async () => {
    const { stdout } = await run(process.execPath, [join(root, 'examples/chat/main.mjs')], { cwd: root, env: envWithoutKey })
    expect(stdout).toContain('How do I get started with Inkeep?')
    expect(stdout).toMatch(/answer 1 of this chat session/)
    expect(stdout).toMatch(/answer 2 of this chat session/)
    expect(stdout).toContain('Sources:')
    expect(stdout).toContain('https://docs.inkeep.com/overview')
  })

  it('the browser example’s server streams answers from POST /chat, and its page holds no key and no request path', async (context) => {
    const [, url] = await start(context, 'examples/browser/serve.mjs', /Open (http:\/\/127\.0\.0\.1:\d+\/)/)
    const ask = (body: unknown) => fetch(new URL('chat', url), { method: 'POST', body: JSON.stringify(body) })

    const first = await drain(readChatEvents(await ask({ question: 'What is Inkeep?' })))
    expect(contentOf(first)).toContain('You asked: "What is Inkeep?"')
    expect(first.some((event) => event.event === 'records_cited')).toBe(true)
    const chatSessionId = first[0]?.event === 'message_chunk' ? first[0].data.chatSessionId : undefined
    expect(contentOf(await drain(readChatEvents(await ask({ question: 'And then?', chatSessionId }))))).toContain('answer 2 of this chat session')
    expect((await ask({})).status).toBe(400)

    const page = await (await fetch(new URL('main.bundle.mjs', url))).text()
    expect(page).toMatch(/function\*? readChatEvents\(/)
    for (const absent of ['demo-key', 'authorization', 'chat_sessions', 'function createChatSession']) expect(page).not.toContain(absent)
  })
})

describe('the AI SDK example', () => {
  it("serves a chat route that ai's DefaultChatTransport reads: two answers in one session, with their sources", async () => {
    const { INKEEP_API_KEY, INKEEP_INTEGRATION_ID, ...env } = process.env
    const server = spawn(process.execPath, [join(root, 'examples/ai-sdk/server.mjs')], { cwd: root, env: { ...env, PORT: '0' } })
    try {
      let printed = ''
      for await (const chunk of server.stdout) {
        printed += chunk
        if (/\/api\/chat/.test(printed)) break
      }
      const url = /(http:\/\/127\.0\.0\.1:\d+\/api\/chat)/.exec(printed)?.[1]
      expect(url, printed).toBeDefined()
      const { stdout } = await run(process.execPath, [join(root, 'examples/ai-sdk/client.mjs'), url!], { cwd: root, env })
      expect(stdout).toMatch(/answer 1 of this chat session/)
      expect(stdout).toMatch(/answer 2 of this chat session/)
      expect(stdout).toContain('[1] Overview https://docs.inkeep.com/overview')
      expect(stdout.match(/\(chat session mock-session-1\)/g)).toHaveLength(2)
    } finally {
      if (server.exitCode === null && server.signalCode === null) {
        const exited = once(server, 'exit')
        server.kill('SIGTERM')
        await exited
      }
    }
  })
})
