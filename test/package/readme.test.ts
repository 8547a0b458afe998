import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { transform } from 'esbuild'
import ts from 'typescript'
import { beforeAll, describe, expect, it } from 'vitest'
import { runProcess } from '../runtimes/lib/process.mjs'

// Every code block of README.md is checked against the built package (`npm test` builds dist/ first),
// imported by name as an app would: the blocks are written to a folder whose node_modules holds
// @inkeep/chat-api as a link to this package, so its `exports` map and declarations are what resolve.
//
// - `ts` and `typescript` blocks are type-checked, then transpiled and run in a child `node`, which
//   must exit 0 by itself within RUN_TIMEOUT_MS, printing nothing on stderr. They run with
//   INKEEP_API_KEY and INKEEP_INTEGRATION_ID set and every request to https://api.inkeep.com answered
//   by the package's mock (README_MOCK_PRELOAD), so a block is written as an app would write it. A
//   block that exports `POST` (a route) is called with a question, and its answer must hold no error.
//   A line ending in `// prints: TEXT` makes TEXT a line the block must print on stdout.
// - `js` blocks are type-checked as JavaScript (checkJs) and run the same way.
// - A block after `<!-- verbatim: PATH -->` is an excerpt of that example file, which other tests run:
//   it must appear in the file exactly, and is not checked otherwise.
// - A block after `<!-- not run: REASON -->` is type-checked only.
// - `sh` blocks are not run. A block in any other language fails this test until it gets a rule here.

const root = join(import.meta.dirname, '..', '..')
const readmePath = join(root, 'README.md')
const workDir = join(root, 'node_modules', '.cache', 'readme-blocks')
const RUN_TIMEOUT_MS = 15_000
const TEST_KEY = 'sk-readme-test-key'

interface Block {
  /** README line of the opening fence. */
  line: number
  lang: string
  code: string
  verbatim?: string
  notRun?: string
}

const TYPED = new Set(['ts', 'typescript'])
const SCRIPT = new Set(['js', 'javascript', 'mjs'])
const SHELL = new Set(['sh', 'shell', 'bash', 'console'])

function extractBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n')
  const blocks: Block[] = []
  for (let index = 0; index < lines.length; index++) {
    const open = /^(\s*)(```+)\s*([\w-]*)/.exec(lines[index]!)
    if (!open) continue
    const [, indent, fence, lang] = open
    const start = index
    const body: string[] = []
    for (index++; index < lines.length && !(lines[index]!.trimStart().startsWith(fence!) && lines[index]!.trim() === fence); index++) {
      body.push(indent && lines[index]!.startsWith(indent) ? lines[index]!.slice(indent.length) : lines[index]!)
    }
    let previous = start - 1
    while (previous >= 0 && lines[previous]!.trim() === '') previous--
    const marker = /^<!--\s*(verbatim|not run):\s*(.+?)\s*-->$/.exec(lines[previous]?.trim() ?? '')
    blocks.push({
      line: start + 1,
      lang: lang!.toLowerCase(),
      code: body.join('\n') + '\n',
      ...(marker?.[1] === 'verbatim' && { verbatim: marker[2]! }),
      ...(marker?.[1] === 'not run' && { notRun: marker[2]! }),
    })
  }
  return blocks
}

const blocks = extractBlocks(readFileSync(readmePath, 'utf8'))
const checked = blocks.filter((block) => !block.verbatim && (TYPED.has(block.lang) || SCRIPT.has(block.lang)))
const fileOf = (block: Block): string => join(workDir, `readme-line-${block.line}.${TYPED.has(block.lang) ? 'mts' : 'mjs'}`)

// Loaded before each block: answers https://api.inkeep.com with the mock, which accepts only TEST_KEY.
const README_MOCK_PRELOAD = `
import { createMockInkeep } from '@inkeep/chat-api/testing'
const mock = createMockInkeep({ apiKey: process.env.INKEEP_API_KEY })
const platformFetch = globalThis.fetch
globalThis.fetch = (input, init) => {
  const url = input instanceof Request ? input.url : String(input)
  return new URL(url).origin === 'https://api.inkeep.com' ? mock.fetch(input, init) : platformFetch(input, init)
}
`
// Runs one block; when it exports POST, asks that route a question and fails on an error in its answer.
const README_RUNNER = `
const block = await import(new URL(process.argv[2], import.meta.url).href)
if (typeof block.POST === 'function') {
  const messages = [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'What is Inkeep?' }] }]
  const body = JSON.stringify({ question: 'What is Inkeep?', messages })
  const response = await block.POST(new Request('http://127.0.0.1/api/chat', { method: 'POST', body, headers: { 'content-type': 'application/json' } }))
  const text = await response.text()
  if (response.status !== 200 || /^event: (chat_)?error$|"type":"error"/m.test(text)) {
    console.error('POST answered', response.status, text)
    process.exitCode = 1
  } else console.log(text)
}
`

beforeAll(() => {
  rmSync(workDir, { recursive: true, force: true })
  mkdirSync(join(workDir, 'node_modules', '@inkeep'), { recursive: true })
  symlinkSync(root, join(workDir, 'node_modules', '@inkeep', 'chat-api'), 'dir')
  writeFileSync(join(workDir, 'package.json'), JSON.stringify({ private: true, type: 'module' }))
  writeFileSync(join(workDir, 'preload.mjs'), README_MOCK_PRELOAD)
  writeFileSync(join(workDir, 'run.mjs'), README_RUNNER)
  for (const block of checked) writeFileSync(fileOf(block), block.code)
})

/** Type-checks the blocks as a consumer's files: strict, Node's ESM resolution, Node's types, no DOM. */
function typeCheck(files: string[]): string[] {
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    typeRoots: [join(root, 'node_modules', '@types')],
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    allowJs: true,
    checkJs: true,
    skipLibCheck: true,
    noEmit: true,
  })
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
    if (!diagnostic.file || diagnostic.start === undefined) return text
    const block = checked.find((candidate) => fileOf(candidate) === diagnostic.file!.fileName)
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
    const where = block ? `README.md:${block.line + 1 + line}:${character + 1}` : relative(root, diagnostic.file.fileName)
    return `${where}: ${text}`
  })
}

describe('README.md', () => {
  it('stays under 24 KB, with what only maintainers need beside the code it explains', () => {
    // 20 KB until the security guidance (signed session ids, masked errors, the env idiom) came in, 23 KB
    // until it covered the v1 API beside v0.
    expect(Buffer.byteLength(readFileSync(readmePath, 'utf8'))).toBeLessThan(24_000)
  })
})

describe('README.md code blocks', () => {
  it('are all in a language this test has a rule for', () => {
    const unknown = blocks.filter((block) => !TYPED.has(block.lang) && !SCRIPT.has(block.lang) && !SHELL.has(block.lang))
    expect(unknown.map((block) => `line ${block.line}: '${block.lang}'`)).toEqual([])
    expect(checked.filter((block) => !block.notRun).length).toBeGreaterThan(3)
  })

  it('type-check against the built package, as a consumer imports it', () => {
    expect(typeCheck(checked.map(fileOf))).toEqual([])
  }, 60_000)

  const verbatim = blocks.filter((block) => block.verbatim)
  it.each(verbatim.map((block) => [block.line, block.verbatim!, block] as const))('block at line %i appears as is in %s', (_, path, block) => {
    expect(readFileSync(join(root, path), 'utf8')).toContain(block.code)
  })

  const runnable = checked.filter((block) => !block.notRun)
  const { INKEEP_API_KEY, INKEEP_INTEGRATION_ID, INKEEP_BASE_URL, CHAT_SESSION_SECRET, ...env } = process.env
  it.concurrent.each(runnable.map((block) => [block.line, block] as const))(
    'block at line %i runs against the mock, exits 0 by itself, and writes nothing to stderr',
    async (_, block) => {
      const { code } = await transform(block.code, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: `README.md:${block.line}` })
      const script = fileOf(block).replace(/\.m[tj]s$/, '.run.mjs')
      writeFileSync(script, code)
      const run = await runProcess(process.execPath, ['--import', './preload.mjs', './run.mjs', `./${relative(workDir, script)}`], {
        cwd: workDir,
        env: { ...env, INKEEP_API_KEY: TEST_KEY, INKEEP_INTEGRATION_ID: 'readme-integration', CHAT_SESSION_SECRET: 'readme-session-secret-of-32-characters' },
        timeoutMs: RUN_TIMEOUT_MS,
      })
      const output = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`
      expect(run.timedOut, `still running after ${RUN_TIMEOUT_MS} ms\n${output}`).toBe(false)
      expect(run.code, output).toBe(0)
      expect(run.stderr).toBe('')
      const printed = run.stdout.split('\n').map((line) => line.trimEnd())
      for (const [, text] of block.code.matchAll(/\/\/ prints: (.+)$/gm)) expect(printed, output).toContain(text!.trim())
    },
    RUN_TIMEOUT_MS + 10_000,
  )
})
