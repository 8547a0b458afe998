import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { EventSource } from 'eventsource'
import { describe, expect, it, vi, type TestContext } from 'vitest'
import { readChatEvents } from '../../lib/index'
import { contentOf, drain } from '../helpers/drain'

// The Node examples, run the way the README's `## Examples` table tells a new user to run them: each
// command of the table, from the repository root, against the built package (`npm ci` and `npm test`
// build dist/), without a key in the environment so that they ask the mock.

const root = join(import.meta.dirname, '..', '..')
const run = promisify(execFile)
const { INKEEP_API_KEY, INKEEP_INTEGRATION_ID, ...envWithoutKey } = process.env

// Every folder under examples/ is one or the other, so that a new example gets a README command or a
// reason not to have one. The others need their own runtime: test/runtimes runs bun, deno and
// cloudflare-worker, nextjs-route.test.ts calls the Next.js route.
const NODE_EXAMPLES = ['ai-sdk', 'browser', 'chat', 'completion', 'node']
const OTHER_RUNTIME_EXAMPLES = ['bun', 'cloudflare-worker', 'deno', 'nextjs']

/** Each example folder the `## Examples` table of README.md links, with the `node …` commands of its row in order. */
function readmeCommands(): Map<string, string[]> {
  const lines = readFileSync(join(root, 'README.md'), 'utf8').split('\n')
  const start = lines.indexOf('## Examples')
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '))
  const commands = new Map<string, string[]>()
  if (start === -1) return commands
  for (const row of lines.slice(start + 1, end === -1 ? undefined : end).filter((line) => line.startsWith('|'))) {
    const cells = row.split('|').slice(1, -1)
    const folders = [...(cells[0] ?? '').matchAll(/\]\(examples\/([\w-]+)\/?\)/g)].map((match) => match[1]!)
    const run = [...(cells.at(-1) ?? '').matchAll(/`(node [^`]+)`/g)].map((match) => match[1]!)
    for (const folder of folders) commands.set(folder, run)
  }
  return commands
}

const commands = readmeCommands()

/**
 * The `index`th command of `example`'s row as arguments for the Node running these tests (the Node
 * under test, whatever `node` is first on PATH), plus `extra` arguments.
 */
function argsOf(example: string, index: number, ...extra: string[]): string[] {
  const command = commands.get(example)?.[index]
  if (!command) throw new Error(`README.md's ## Examples table has no command ${index + 1} for examples/${example}`)
  const [node, ...args] = command.split(/\s+/)
  expect(node).toBe('node')
  return [...args, ...extra]
}

/** Starts a long-running command and resolves the first match of `ready` in its stdout; stopped after the test. */
function start(context: Pick<TestContext, 'onTestFinished'>, args: string[], ready: RegExp, env: NodeJS.ProcessEnv = envWithoutKey): Promise<RegExpMatchArray> {
  const child = spawn(process.execPath, args, { cwd: root, env })
  context.onTestFinished(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    await exited
  })
  return new Promise((resolve, reject) => {
    let output = ''
    child.stdout.on('data', (data) => {
      output += data
      const match = ready.exec(output)
      if (match) resolve(match)
    })
    child.stderr.on('data', (data) => (output += data))
    child.on('exit', (code) => reject(new Error(`node ${args.join(' ')} exited ${code}:\n${output}`)))
  })
}

describe("README.md's examples table", () => {
  it('sorts every folder under examples/ as a Node example or one for another runtime', () => {
    const folders = readdirSync(join(root, 'examples'), { withFileTypes: true }).filter((entry) => entry.isDirectory())
    expect(folders.map((entry) => entry.name).sort()).toEqual([...NODE_EXAMPLES, ...OTHER_RUNTIME_EXAMPLES].sort())
  })

  it('links every example folder', () => {
    expect([...commands.keys()].sort()).toEqual([...NODE_EXAMPLES, ...OTHER_RUNTIME_EXAMPLES].sort())
  })

  it.each(NODE_EXAMPLES)('gives examples/%s a node command for a file in that folder', (example) => {
    const run = commands.get(example) ?? []
    expect(run.length, `no \`node …\` command for examples/${example} in README.md's ## Examples table`).toBeGreaterThan(0)
    for (const command of run) {
      const file = /^node (examples\/[\w-]+\/[\w.-]+\.mjs)\b/.exec(command)?.[1]
      expect(file, command).toMatch(new RegExp(`^examples/${example}/`))
      expect(existsSync(join(root, file!)), command).toBe(true)
    }
  })
})

/** examples/browser/event-source.mjs, plain JavaScript for a page. */
interface EventSourceRecipe {
  askWithEventSource(
    url: string,
    on: { text(text: string): void; sources(citations: Array<{ record: { url: string } }>): void; error(error: unknown): void },
  ): Promise<void>
}

describe('examples', () => {
  it('the Node example streams one answer with its sources and exits 0', async () => {
    const { stdout } = await run(process.execPath, argsOf('node', 0), { cwd: root, env: envWithoutKey })
    expect(stdout).toContain('You asked: "How do I get started with Inkeep?"')
    expect(stdout).toContain('Sources:')
    expect(stdout).toContain('https://docs.inkeep.com/overview')
  })

  it('the v1 example streams two answers with what they read, their links and confidence, and exits 0', async () => {
    const { stdout } = await run(process.execPath, argsOf('completion', 0), { cwd: root, env: envWithoutKey })
    const [first, second] = stdout.split('\n---\n')
    expect(first).toContain('(reading Overview, Getting started, Inkeep)')
    expect(first).toContain('You asked: "How do I get started with Inkeep?"')
    expect(first).toContain('[1] Overview: https://docs.inkeep.com/overview')
    expect(first).toContain('Confidence: very_confident')
    expect(second).toContain('You asked: "And then?"')
  })

  it('the chat demo streams an answer with its sources, continues the session and exits 0', async () => {
    const { stdout } = await run(process.execPath, argsOf('chat', 0), { cwd: root, env: envWithoutKey })
    expect(stdout).toContain('How do I get started with Inkeep?')
    expect(stdout).toMatch(/answer 1 of this chat session/)
    expect(stdout).toMatch(/answer 2 of this chat session/)
    expect(stdout).toContain('Sources:')
    expect(stdout).toContain('https://docs.inkeep.com/overview')
  })

  it('the browser example’s server streams answers from POST /chat, and its page holds no key and no request path', async (context) => {
    const [, url] = await start(context, argsOf('browser', 0), /Open (http:\/\/127\.0\.0\.1:\d+\/)/)
    const ask = (body: unknown) => fetch(new URL('chat', url), { method: 'POST', body: JSON.stringify(body) })

    const first = await drain(readChatEvents(await ask({ question: 'What is Inkeep?' })))
    expect(contentOf(first)).toContain('You asked: "What is Inkeep?"')
    expect(first.some((event) => event.event === 'records_cited')).toBe(true)
    const { chatSessionId, chatSessionSignature } = first[0]?.event === 'message_chunk' ? first[0].data : {}
    expect(chatSessionSignature).toMatch(/^[\w-]{43}$/)
    expect(contentOf(await drain(readChatEvents(await ask({ question: 'And then?', chatSessionId, chatSessionSignature }))))).toContain('answer 2 of this chat session')
    // Without its signature, the session is refused.
    expect((await ask({ question: 'What did I ask?', chatSessionId })).status).toBe(403)
    expect((await ask({})).status).toBe(400)

    const page = await (await fetch(new URL('main.bundle.mjs', url))).text()
    expect(page).toMatch(/function\*? readChatEvents\(/)
    for (const absent of ['demo-key', 'authorization', 'chat_sessions', 'function createChatSession']) expect(page).not.toContain(absent)
  })

  it('the browser example’s EventSource recipe reads an answer from GET /chat and ends at done, without an error', async (context) => {
    const [, url] = await start(context, argsOf('browser', 0), /Open (http:\/\/127\.0\.0\.1:\d+\/)/)
    // The `eventsource` package is the WHATWG EventSource for Node, as a page has it.
    vi.stubGlobal('EventSource', EventSource)
    context.onTestFinished(() => void vi.unstubAllGlobals())
    const { askWithEventSource } = (await import(pathToFileURL(join(root, 'examples/browser/event-source.mjs')).href)) as EventSourceRecipe
    const seen = { text: '', links: [] as string[], errors: [] as unknown[] }
    await askWithEventSource(new URL('chat?question=What%20is%20Inkeep%3F', url).href, {
      text: (text) => void (seen.text += text),
      sources: (citations) => void seen.links.push(...citations.map((citation) => citation.record.url)),
      error: (error) => void seen.errors.push(error),
    })
    expect(seen.errors).toEqual([])
    expect(seen.text).toContain('You asked: "What is Inkeep?"')
    expect(seen.links).toEqual(['https://docs.inkeep.com/overview', 'https://inkeep.com'])
  })
})

describe('the AI SDK example', () => {
  // The README's two commands, with a free port (PORT=0) instead of 3000, which may be taken on a
  // shared machine; the client gets the URL the server prints, its documented optional argument.
  it("serves a chat route that ai's DefaultChatTransport reads: two answers in one session, with their sources", async (context) => {
    const [url] = await start(context, argsOf('ai-sdk', 0), /http:\/\/127\.0\.0\.1:\d+\/api\/chat/, { ...envWithoutKey, PORT: '0' })
    const { stdout } = await run(process.execPath, argsOf('ai-sdk', 1, url), { cwd: root, env: envWithoutKey })
    expect(stdout).toMatch(/answer 1 of this chat session/)
    expect(stdout).toMatch(/answer 2 of this chat session/)
    expect(stdout).toContain('[1] Overview https://docs.inkeep.com/overview')
    expect(stdout.match(/\(chat session mock-session-1\)/g)).toHaveLength(2)
  })
})
