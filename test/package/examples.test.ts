import { execFile } from 'node:child_process'
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
