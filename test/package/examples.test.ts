import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const run = promisify(execFile)

describe('examples', () => {
  it('the chat demo streams an answer with its sources, continues the session and exits 0', async () => {
    const { INKEEP_API_KEY, INKEEP_INTEGRATION_ID, ...env } = process.env
    const { stdout } = await run(process.execPath, [join(root, 'examples/chat/main.mjs')], { cwd: root, env })
    expect(stdout).toContain('How do I get started with Inkeep?')
    expect(stdout).toMatch(/answer 1 of this chat session/)
    expect(stdout).toMatch(/answer 2 of this chat session/)
    expect(stdout).toContain('Sources:')
    expect(stdout).toContain('https://docs.inkeep.com/overview')
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
