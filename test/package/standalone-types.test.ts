import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installPackedPackage } from '../runtimes/lib/consumer.mjs'

// The published declarations, type-checked the way a user's project sees them: the packed tarball
// installed without `ai` (the AI SDK entry must not need it), every entry point used, `skipLibCheck: false`. A Node-only project has
// @types/node's globals (Headers, Request, Response, RequestInit, ReadableStream, AbortSignal, URL) but
// none of the DOM's type aliases, such as `HeadersInit`, which would fail there or, with
// `skipLibCheck: true`, silently become `any`.

const root = join(import.meta.dirname, '..', '..')
const run = promisify(execFile)

/** Code that uses every entry point and the types most likely to depend on the DOM. */
const CONSUMER = `import {
  collectChatResult,
  continueChatSession,
  createChatSession,
  MAX_ERROR_TEXT_LENGTH,
  readChatEvents,
  toEventStream,
  toEventStreamResponse,
  type CallOptions,
  type ChatConfig,
  type ChatEvent,
  type ChatHookContext,
  type EventStreamOptions,
  type EventStreamResponseInit,
  type FetchFunction,
  type HeadersLike,
  type ReadChatEventsOptions,
} from '@inkeep/chat-api'
import { createMockInkeep, type MockInkeep, type MockRequestRecord } from '@inkeep/chat-api/testing'
import { serveMockInkeep, type MockInkeepServer } from '@inkeep/chat-api/testing/node'
import { chatFromUIMessages, completionFromUIMessages, toUIMessageStream, toUIMessageStreamResponse, type UIMessageLike } from '@inkeep/chat-api/ai-sdk'

const mock: MockInkeep = createMockInkeep({ answer: { text: 'Hello', delayMs: 1 }, fault: { type: 'status', status: 503, times: 1 } })
const headers: HeadersLike = { 'x-team': 'docs' }
const onRequest = ({ request, options }: ChatHookContext): void => {
  options.headers.set('x-url', request)
}
const config: ChatConfig = {
  apiKey: () => Promise.resolve('key'),
  fetch: mock.fetch,
  headers,
  fetchOptions: { keepalive: true, dispatcher: undefined },
  hooks: { onRequest, onResponse: [({ response }) => console.log(response?.status)] },
}
const platformFetch: FetchFunction = fetch
const options: CallOptions = { signal: AbortSignal.timeout(5_000), headers: [['x-call', '1']] }
const others: HeadersLike[] = [new Headers({ a: 'b' }), [['a', 'b']], {}]
// @ts-expect-error a header value is a string: \`headers\` must not have become \`any\`
const refused: ChatConfig = { apiKey: 'key', headers: 42 }

function describeEvent(item: ChatEvent): string {
  switch (item.event) {
    case 'message_chunk': return item.data.contentChunk
    case 'records_cited': return String(item.data.citations.length)
    case 'chat_result': return item.data.message.content
    case 'records_considered': return item.data.records.map((record) => record.url).join()
    case 'ai_annotations': return item.data.answerConfidence
    case 'tool_call': return item.data.argumentsText
    case 'unknown': return item.name
    case 'error': return item.error.message.slice(0, MAX_ERROR_TEXT_LENGTH)
    default: return item satisfies never
  }
}

export async function main(): Promise<void> {
  const server: MockInkeepServer = await serveMockInkeep({ port: 0 })
  const input = { integrationId: 'i', chatSession: { messages: [{ role: 'user' as const, content: 'Hi' }] } }
  for await (const item of createChatSession({ ...config, baseURL: server.url }, input, options)) console.log(describeEvent(item))
  const result = await collectChatResult(continueChatSession(config, { chatSessionId: 's', integrationId: 'i', message: { role: 'user', content: 'More' } }))
  if (!result.ok) console.log(result.error.type, result.partial.content)
  const records: readonly MockRequestRecord[] = server.mock.requests
  const messages: UIMessageLike[] = [{ id: '1', role: 'user', parts: [{ type: 'text', text: 'Hi' }] }]
  const response: Response = toUIMessageStreamResponse(chatFromUIMessages(config, { integrationId: 'i', messages }), { status: 200, headers: { 'x-a': 'b' }, messageId: 'm' })
  const completed: Response = toUIMessageStreamResponse(completionFromUIMessages(config, { model: 'inkeep-qa-expert', messages, builtInTools: true }))
  const body: ReadableStream<Uint8Array> = toUIMessageStream(createChatSession(config, input))
  const streamOptions: EventStreamOptions = { heartbeatMs: 15_000 }
  const responseInit: EventStreamResponseInit = { ...streamOptions, status: 200, headers: { 'access-control-allow-origin': '*' } }
  const relayed: Response = toEventStreamResponse(createChatSession(config, input), responseInit)
  const readOptions: ReadChatEventsOptions = { signal: new AbortController().signal, idleTimeoutMs: 1_000 }
  for await (const item of readChatEvents(relayed, readOptions)) console.log(describeEvent(item))
  for await (const item of readChatEvents(toEventStream(createChatSession(config, input), streamOptions))) console.log(describeEvent(item))
  console.log(records.length, response.status, completed.status, body.locked, platformFetch, others, refused)
  await server.close()
}
`

// TypeScript's own lib files are the same in every project; checking lib.dom alone takes seconds.
const STRICT = { strict: true, exactOptionalPropertyTypes: true, skipLibCheck: false, skipDefaultLibCheck: true, noEmit: true, target: 'es2022' }

/** Each project shape: its compiler options and the consumer files it compiles. */
const PROJECTS = {
  'Node only (lib es2023, types node), node16 resolution, an ESM and a CommonJS file': {
    compilerOptions: { ...STRICT, module: 'node16', moduleResolution: 'node16', lib: ['es2023'], types: ['node'] },
    files: ['esm.mts', 'cjs.cts'],
  },
  'a browser app (lib dom), bundler resolution': {
    compilerOptions: { ...STRICT, module: 'esnext', moduleResolution: 'bundler', lib: ['es2023', 'dom', 'dom.iterable', 'dom.asynciterable'], types: [] },
    files: ['app.ts'],
  },
  'a full-stack app (lib dom and types node), bundler resolution': {
    compilerOptions: { ...STRICT, module: 'esnext', moduleResolution: 'bundler', lib: ['es2023', 'dom', 'dom.iterable', 'dom.asynciterable'], types: ['node'] },
    files: ['app.ts'],
  },
}

describe('the published declarations', () => {
  let consumer = ''

  beforeAll(async () => {
    consumer = await mkdtemp(join(tmpdir(), 'chat-api-types-'))
    await installPackedPackage(consumer)
    await mkdir(join(consumer, 'node_modules', '@types'), { recursive: true })
    await symlink(join(root, 'node_modules', '@types', 'node'), join(consumer, 'node_modules', '@types', 'node'), 'dir')
    for (const file of ['esm.mts', 'cjs.cts', 'app.ts']) await writeFile(join(consumer, file), CONSUMER)
  }, 60_000)

  afterAll(() => rm(consumer, { recursive: true, force: true }))

  it('declare nothing global, so they sit beside the DOM library and @types/node alike', async () => {
    const declarations = (await readdir(join(consumer, 'node_modules', '@inkeep', 'chat-api', 'dist'), { recursive: true })).filter((file) => /\.d\.[cm]?ts$/.test(file))
    expect(declarations.length).toBeGreaterThan(0)
    for (const file of declarations) {
      expect(await readFile(join(consumer, 'node_modules', '@inkeep', 'chat-api', 'dist', file), 'utf8'), file).not.toMatch(/declare global|declare module|declare var|declare namespace/)
    }
  })

  it.each(Object.entries(PROJECTS))('compile with skipLibCheck off in %s', async (name, project) => {
    const tsconfig = `tsconfig.${Object.keys(PROJECTS).indexOf(name)}.json`
    await writeFile(join(consumer, tsconfig), JSON.stringify(project))
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
    const result = await run(process.execPath, [tsc, '-p', join(consumer, tsconfig)], { cwd: consumer }).catch((error: { stdout: string }) => error)
    expect(result.stdout).toBe('')
  }, 60_000)
})
