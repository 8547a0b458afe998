import { describe, expect, it } from 'vitest'
import { chatFromUIMessages, completionFromUIMessages } from '../../lib/ai-sdk/index'
import {
  collectChatResult,
  continueChatSession,
  createChatCompletion,
  createChatSession,
  readChatEvents,
  retrieveDocuments,
  toEventStream,
  type ChatError,
  type ChatEvent,
  type FetchFunction,
} from '../../lib/index'

// Every `invalid_input` message the package can produce for config, options and input, in one place
// so that their wording is reviewed together. Each row is a bad call and the exact message of the
// error it ends with; nothing may be sent for any of them.

const KEY = 'sk-table-0123456789'
const user = { role: 'user', content: 'How do I start?' }
const create = { integrationId: 'integration-1', chatSession: { messages: [user] } }
const cont = { chatSessionId: 'session-1', integrationId: 'integration-1', message: user }
const uiUser = { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'How do I start?' }] }
const cited = (citation: unknown) => ({ ...create, chatSession: { messages: [{ role: 'assistant', content: 'x', recordsCited: { citations: [citation] } }] } })

const calls: unknown[] = []
const fetch: FetchFunction = async (...args) => {
  calls.push(args)
  return new Response(null, { status: 500 })
}

type Call = (fetch: FetchFunction) => AsyncIterable<ChatEvent> | Promise<ChatError>
const createWith = (config: object, input: unknown = create, options?: object): Call => (f) =>
  createChatSession({ apiKey: KEY, fetch: f, retry: false, ...config } as never, input as never, options as never)
// Not `createWith({}, input)`, whose default would replace an `undefined` input.
const createInput = (input: unknown): Call => (f) => createChatSession({ apiKey: KEY, fetch: f }, input as never)
const continueInput = (input: unknown): Call => (f) => continueChatSession({ apiKey: KEY, fetch: f }, input as never)
const completion = { model: 'inkeep-qa-expert', messages: [user] }
const completionInput = (input: unknown): Call => (f) => createChatCompletion({ apiKey: KEY, fetch: f }, input as never)
const documentsInput = (input: unknown): Call => async (f) => {
  const result = await retrieveDocuments({ apiKey: KEY, fetch: f }, input as never)
  if (result.ok) throw new Error('expected a failure')
  return result.error
}
const uiCompletion = (body: unknown): Call => (f) => completionFromUIMessages({ apiKey: KEY, fetch: f }, body as never)
const uiBody = (body: unknown): Call => (f) => chatFromUIMessages({ apiKey: KEY, fetch: f }, body as never)
const read = (source: unknown, options?: unknown): Call => () => readChatEvents(source as never, options as never)
const sseBody = (): ReadableStream<Uint8Array> => new Response('event: ping\ndata: {}\n\n').body!
/** `toEventStream` writes its `invalid_input` into the stream, so the stream is read back to see it. */
const relay = (options: unknown): Call => () => readChatEvents(toEventStream((async function* () {})(), options as never))
const collect = (events: unknown): Call => async () => {
  const result = await collectChatResult(events as never)
  if (result.ok) throw new Error('expected a failure')
  return result.error
}

const rows: Array<[string, Call, string]> = [
  // config
  ['config.apiKey missing', (f) => createChatSession({ fetch: f } as never, create as never), 'config.apiKey is required: a string, or a function returning one'],
  ['config.apiKey undefined', createWith({ apiKey: undefined }), 'config.apiKey is required: a string, or a function returning one'],
  ['config undefined', (f) => (void f, createChatSession(undefined as never, create as never)), 'config is required: an object with an apiKey'],
  ['config a string', () => createChatSession(KEY as never, create as never), 'config must be an object with an apiKey'],
  ['config.apiKey a number', createWith({ apiKey: 42 }), 'config.apiKey must be a string, or a function returning one'],
  ['config.apiKey empty', createWith({ apiKey: '' }), 'config.apiKey must be a non-empty string an HTTP header can carry: visible ASCII or Latin-1 characters, with spaces or tabs only between them'],
  ['config.apiKey with a line break', createWith({ apiKey: `${KEY}\n` }), 'config.apiKey must be a non-empty string an HTTP header can carry: visible ASCII or Latin-1 characters, with spaces or tabs only between them'],
  ['config.apiKey with a leading space', createWith({ apiKey: ` ${KEY}` }), 'config.apiKey must be a non-empty string an HTTP header can carry: visible ASCII or Latin-1 characters, with spaces or tabs only between them'],
  ['config.apiKey with a character above U+00FF', createWith({ apiKey: 'sk-é\u0100' }), 'config.apiKey must be a non-empty string an HTTP header can carry: visible ASCII or Latin-1 characters, with spaces or tabs only between them'],
  ['config.apiKey function returning undefined', createWith({ apiKey: () => undefined }), 'config.apiKey must return a non-empty string an HTTP header can carry: visible ASCII or Latin-1 characters, with spaces or tabs only between them'],
  ['config.apiKey function returning a key with a trailing space', createWith({ apiKey: async () => `${KEY} ` }), 'config.apiKey must return a non-empty string an HTTP header can carry: visible ASCII or Latin-1 characters, with spaces or tabs only between them'],
  ['config.apiKey function returning a character above U+00FF', createWith({ apiKey: () => 'sk-é\u0100' }), 'config.apiKey must return a non-empty string an HTTP header can carry: visible ASCII or Latin-1 characters, with spaces or tabs only between them'],
  ['config.apiKey function that throws', createWith({ apiKey: () => { throw new Error('vault unavailable') } }), 'config.apiKey failed when called: vault unavailable'],
  ['config.baseURL plain http', createWith({ baseURL: 'http://api.example.com' }), 'config.baseURL must be an https: URL (or http: to localhost, 127.0.0.0/8 or [::1]) without credentials, "?", "#", surrounding spaces, tabs or line breaks'],
  ['config.baseURL plain http to a *.localhost name', createWith({ baseURL: 'http://foo.localhost:1234' }), 'config.baseURL must be an https: URL (or http: to localhost, 127.0.0.0/8 or [::1]) without credentials, "?", "#", surrounding spaces, tabs or line breaks'],
  ['config.baseURL with an empty query', createWith({ baseURL: 'https://api.example.com?' }), 'config.baseURL must be an https: URL (or http: to localhost, 127.0.0.0/8 or [::1]) without credentials, "?", "#", surrounding spaces, tabs or line breaks'],
  ['config.baseURL with surrounding spaces', createWith({ baseURL: ' https://api.example.com ' }), 'config.baseURL must be an https: URL (or http: to localhost, 127.0.0.0/8 or [::1]) without credentials, "?", "#", surrounding spaces, tabs or line breaks'],
  ['config.fetch a string', createWith({ fetch: 'fetch' }), 'config.fetch must be a fetch function'],
  ['config.headers with a line break', createWith({ headers: { 'x-a': 'b\nc' } }), 'config.headers must be a Headers, a record or a list of pairs, with valid names and values (no CR, LF or NUL)'],
  ['config.headers with content-length', createWith({ headers: { 'Content-Length': '10' } }), 'config.headers must not set connection-level headers (content-length, transfer-encoding, connection, keep-alive, expect, upgrade, host)'],
  ['config.timeoutMs 0', createWith({ timeoutMs: 0 }), 'config.timeoutMs must be a whole number of milliseconds from 1 to 2147483647'],
  ['config.idleTimeoutMs 1.5', createWith({ idleTimeoutMs: 1.5 }), 'config.idleTimeoutMs must be a whole number of milliseconds from 1 to 2147483647'],
  ['config.totalTimeoutMs "1s"', createWith({ totalTimeoutMs: '1s' }), 'config.totalTimeoutMs must be a whole number of milliseconds from 1 to 2147483647'],
  ['config.retry true', createWith({ retry: true }), 'config.retry must be false or { attempts, baseDelayMs, maxDelayMs }'],
  ['config.retry.attempts 11', createWith({ retry: { attempts: 11 } }), 'config.retry.attempts must be a whole number from 1 to 10'],
  ['config.retry.baseDelayMs -1', createWith({ retry: { baseDelayMs: -1 } }), 'config.retry.baseDelayMs must be a whole number of milliseconds from 0 to 2147483647'],
  ['config.retry.maxDelayMs 2^31', createWith({ retry: { maxDelayMs: 2 ** 31 } }), 'config.retry.maxDelayMs must be a whole number of milliseconds from 0 to 2147483647'],
  ['config.maxEventBytes 1023', createWith({ maxEventBytes: 1023 }), 'config.maxEventBytes must be a whole number of bytes from 1024 to 1073741824'],
  ['config.hooks a function', createWith({ hooks: () => {} }), 'config.hooks must be an object with onRequest, onRequestError, onResponse or onResponseError, each a function or an array of functions'],
  ['config.hooks with a misspelt name', createWith({ hooks: { onRequests: () => {} } }), 'config.hooks.onRequests is not a hook: the hooks are onRequest, onRequestError, onResponse or onResponseError'],
  ['config.hooks.onRequest a string', createWith({ hooks: { onRequest: 'log' } }), 'config.hooks.onRequest must be a function or an array of functions'],
  ['config.hooks.onResponse an array holding null', createWith({ hooks: { onResponse: [null] } }), 'config.hooks.onResponse must be a function or an array of functions'],
  ['config.fetchOptions a string', createWith({ fetchOptions: 'keepalive' }), 'config.fetchOptions must be an object of fetch options'],
  ['config.fetchOptions.method', createWith({ fetchOptions: { method: 'GET' } }), 'config.fetchOptions.method is set by the package: every request is a POST'],
  ['config.fetchOptions.body', createWith({ fetchOptions: { body: 'x' } }), 'config.fetchOptions.body is set by the package: the input becomes the JSON body'],
  ['config.fetchOptions.headers', createWith({ fetchOptions: { headers: {} } }), 'config.fetchOptions.headers is not a fetch option here: use the headers option'],
  ['config.fetchOptions.signal', createWith({ fetchOptions: { signal: null } }), 'config.fetchOptions.signal is not a fetch option here: use the signal option'],
  ['config.fetchOptions.redirect', createWith({ fetchOptions: { redirect: 'follow' } }), 'config.fetchOptions.redirect is set by the package: redirects are never followed'],
  ['config.fetchOptions.window', createWith({ fetchOptions: { window: null } }), 'config.fetchOptions.window is not supported'],
  // per-call options
  ['options null', createWith({}, create, null as never), 'options must be an object with signal, timeoutMs, headers or fetchOptions'],
  ['options.signal not a signal', createWith({}, create, { signal: {} }), 'options.signal must be an AbortSignal'],
  ['options.timeoutMs 0', createWith({}, create, { timeoutMs: 0 }), 'options.timeoutMs must be a whole number of milliseconds from 1 to 2147483647'],
  ['options.headers a string', createWith({}, create, { headers: 'x' }), 'options.headers must be a Headers, a record or a list of pairs, with valid names and values (no CR, LF or NUL)'],
  ['options.headers with connection', createWith({}, create, { headers: [['connection', 'close']] }), 'options.headers must not set connection-level headers (content-length, transfer-encoding, connection, keep-alive, expect, upgrade, host)'],
  ['options.fetchOptions.redirect', createWith({}, create, { fetchOptions: { redirect: 'error' } }), 'options.fetchOptions.redirect is set by the package: redirects are never followed'],
  // createChatSession input
  ['input undefined', createInput(undefined), 'input is required: an object with integrationId and chatSession'],
  ['input a string', createInput('How do I start?'), 'input must be an object with integrationId and chatSession'],
  ['input.integrationId missing', createInput({ chatSession: create.chatSession }), 'input.integrationId is required: a non-empty string'],
  ['input.integrationId empty', createInput({ ...create, integrationId: '' }), 'input.integrationId must be a non-empty string'],
  ['input.chatSession missing', createInput({ integrationId: 'i' }), 'input.chatSession is required: an object with messages'],
  ['input.chatSession a string', createInput({ integrationId: 'i', chatSession: 'hi' }), 'input.chatSession must be an object with messages'],
  ['input.chatSession.messages missing', createInput({ integrationId: 'i', chatSession: {} }), 'input.chatSession.messages is required: an array of messages'],
  ['input.chatSession.messages a message', createInput({ integrationId: 'i', chatSession: { messages: user } }), 'input.chatSession.messages must be an array of messages'],
  ['input.chatSession.messages empty', createInput({ integrationId: 'i', chatSession: { messages: [] } }), 'input.chatSession.messages must hold at least one message'],
  ['a message that is a string', createInput({ integrationId: 'i', chatSession: { messages: ['hi'] } }), 'input.chatSession.messages.0 must be an object with role and content'],
  ['a message without role', createInput({ integrationId: 'i', chatSession: { messages: [{ content: 'hi' }] } }), 'input.chatSession.messages.0.role is required: "user" or "assistant"'],
  ['a message with role "system"', createInput({ integrationId: 'i', chatSession: { messages: [{ role: 'system', content: 'hi' }] } }), 'input.chatSession.messages.0.role must be "user" or "assistant"'],
  ['a message without content', createInput({ integrationId: 'i', chatSession: { messages: [{ role: 'user' }] } }), 'input.chatSession.messages.0.content is required: a string'],
  ['a message with content 42', createInput({ integrationId: 'i', chatSession: { messages: [{ role: 'user', content: 42 }] } }), 'input.chatSession.messages.0.content must be a string'],
  ['recordsCited a string', createInput({ ...create, chatSession: { messages: [{ role: 'assistant', content: 'x', recordsCited: 'x' }] } }), 'input.chatSession.messages.0.recordsCited must be an object with citations'],
  ['recordsCited without citations', createInput({ ...create, chatSession: { messages: [{ role: 'assistant', content: 'x', recordsCited: {} }] } }), 'input.chatSession.messages.0.recordsCited.citations is required: an array of citations'],
  ['a citation that is a string', createInput(cited('x')), 'input.chatSession.messages.0.recordsCited.citations.0 must be an object with a record'],
  ['a citation without record', createInput(cited({ number: 1 })), 'input.chatSession.messages.0.recordsCited.citations.0.record is required: an object with a type'],
  ['a citation number 1.5', createInput(cited({ number: 1.5, record: { type: 'site' } })), 'input.chatSession.messages.0.recordsCited.citations.0.number must be a whole number'],
  ['a citation hitUrl 1', createInput(cited({ hitUrl: 1, record: { type: 'site' } })), 'input.chatSession.messages.0.recordsCited.citations.0.hitUrl must be a string'],
  ['a record that is a string', createInput(cited({ record: 'site' })), 'input.chatSession.messages.0.recordsCited.citations.0.record must be an object with a type'],
  ['a record without type', createInput(cited({ record: {} })), 'input.chatSession.messages.0.recordsCited.citations.0.record.type is required: a string'],
  ['a record url 1', createInput(cited({ record: { type: 'site', url: 1 } })), 'input.chatSession.messages.0.recordsCited.citations.0.record.url must be a string'],
  ['a record breadcrumbs "a"', createInput(cited({ record: { type: 'site', breadcrumbs: 'a' } })), 'input.chatSession.messages.0.recordsCited.citations.0.record.breadcrumbs must be an array of strings'],
  ['a record breadcrumb 1', createInput(cited({ record: { type: 'site', breadcrumbs: [1] } })), 'input.chatSession.messages.0.recordsCited.citations.0.record.breadcrumbs.0 must be a string'],
  ['input.chatSession.guidance 1', createInput({ ...create, chatSession: { ...create.chatSession, guidance: 1 } }), 'input.chatSession.guidance must be a string'],
  ['input.chatSession.context 1', createInput({ ...create, chatSession: { ...create.chatSession, context: 1 } }), 'input.chatSession.context must be a string'],
  ['input.chatSession.tags "a"', createInput({ ...create, chatSession: { ...create.chatSession, tags: 'a' } }), 'input.chatSession.tags must be an array of strings'],
  ['input.chatSession.tags [1]', createInput({ ...create, chatSession: { ...create.chatSession, tags: [1] } }), 'input.chatSession.tags.0 must be a string'],
  ['input.chatMode 1', createInput({ ...create, chatMode: 1 }), 'input.chatMode must be a string'],
  ['input.stream "yes"', createInput({ ...create, stream: 'yes' }), 'input.stream must be true or false'],
  // continueChatSession input
  ['input of continue undefined', continueInput(undefined), 'input is required: an object with chatSessionId, integrationId and message'],
  ['input.chatSessionId missing', continueInput({ ...cont, chatSessionId: undefined }), 'input.chatSessionId is required: a non-empty string'],
  ['input.chatSessionId ".."', continueInput({ ...cont, chatSessionId: '..' }), 'input.chatSessionId must not be "." or ".."'],
  ['input.message missing', continueInput({ ...cont, message: undefined }), 'input.message is required: an object with role and content'],
  ['input.message a string', continueInput({ ...cont, message: 'hi' }), 'input.message must be an object with role and content'],
  ['input.message.role missing', continueInput({ ...cont, message: { content: 'hi' } }), 'input.message.role is required: "user" or "assistant"'],
  // createChatCompletion input
  ['completion model missing', completionInput({ messages: [user] }), 'input.model is required: a non-empty string'],
  ['completion model empty', completionInput({ ...completion, model: '' }), 'input.model must be a non-empty string'],
  ['completion messages empty', completionInput({ ...completion, messages: [] }), 'input.messages must hold at least one message'],
  ['completion message of no known role', completionInput({ ...completion, messages: [{ role: 'robot', content: 'x' }] }), 'input.messages.0.role must be an object with role "system", "user", "assistant" or "tool"'],
  ['completion tool message without its call', completionInput({ ...completion, messages: [{ role: 'tool', content: 'x' }] }), 'input.messages.0.toolCallId is required: a non-empty string'],
  ['completion tool call without arguments', completionInput({ ...completion, messages: [{ role: 'assistant', content: '', toolCalls: [{ id: 'c', name: 'n' }] }] }), 'input.messages.0.toolCalls.0.argumentsText is required: a string'],
  ['completion builtInTools naming no built-in tool', completionInput({ ...completion, builtInTools: ['provideLinks', 'provideEverything'] }), 'input.builtInTools must be true, false or an array of "provideLinks", "provideAIAnnotations", "provideRecordsConsidered"'],
  ['completion toolChoice unknown', completionInput({ ...completion, toolChoice: 'sometimes' }), 'input.toolChoice must be "auto", "none", "required" or { type: "function", function: { name } }'],
  ['completion tool without a name', completionInput({ ...completion, tools: [{ type: 'function', function: {} }] }), 'input.tools.0.function.name is required: a non-empty string'],
  ['completion tool of another type', completionInput({ ...completion, tools: [{ type: 'retrieval', function: { name: 'x' } }] }), 'input.tools.0.type must be "function"'],
  ['completion stream a string', completionInput({ ...completion, stream: 'yes' }), 'input.stream must be true or false'],
  // retrieveDocuments input
  ['documents messages missing', documentsInput({}), 'input.messages is required: an array of messages'],
  ['documents model empty', documentsInput({ messages: [user], model: '' }), 'input.model must be a non-empty string'],
  // chatFromUIMessages body
  ['body undefined', uiBody(undefined), 'input.messages is required: an array of messages'],
  ['body.messages a string', uiBody({ integrationId: 'i', messages: 'hi' }), 'input.messages must be an array of messages'],
  ['a UI message that is a string', uiBody({ integrationId: 'i', messages: ['hi'] }), 'input.messages.0 must be an object with role and parts'],
  ['a UI message without role', uiBody({ integrationId: 'i', messages: [{ parts: [] }] }), 'input.messages.0.role is required: a string'],
  ['a UI message without parts', uiBody({ integrationId: 'i', messages: [{ role: 'user' }] }), 'input.messages.0.parts is required: an array of parts'],
  ['a UI part that is a string', uiBody({ integrationId: 'i', messages: [{ role: 'user', parts: ['hi'] }] }), 'input.messages.0.parts.0 must be an object with a type'],
  ['a UI part without type', uiBody({ integrationId: 'i', messages: [{ role: 'user', parts: [{ text: 'hi' }] }] }), 'input.messages.0.parts.0.type is required: a string'],
  ['no user message', uiBody({ integrationId: 'i', messages: [] }), 'input.messages must hold a user message with text'],
  ['a user message without text', uiBody({ integrationId: 'i', messages: [{ role: 'user', parts: [{ type: 'file' }] }] }), 'input.messages.0.parts must hold a user message with text'],
  ['body.integrationId missing', uiBody({ messages: [uiUser] }), 'input.integrationId is required: a non-empty string'],
  // completionFromUIMessages body
  ['completion UI body undefined', uiCompletion(undefined), 'input.messages is required: an array of messages'],
  ['completion UI body without user text', uiCompletion({ model: 'inkeep-qa-expert', messages: [{ role: 'assistant', parts: [{ type: 'text', text: 'Hi' }] }] }), 'input.messages must hold a user message with text'],
  ['completion UI body without model', uiCompletion({ messages: [uiUser] }), 'input.model is required: a non-empty string'],
  // readChatEvents and toEventStream
  ['readChatEvents source missing', read(undefined), 'source is required: a Response or a ReadableStream'],
  ['readChatEvents source a string', read('event: ping'), 'source must be a Response or a ReadableStream'],
  ['readChatEvents source already being read', read(((body) => (body.getReader(), body))(sseBody())), 'source must be a body nobody is reading yet'],
  ['readChatEvents options null', read(sseBody(), null), 'options must be an object with signal, idleTimeoutMs or maxEventBytes'],
  ['readChatEvents options.signal not a signal', read(sseBody(), { signal: {} }), 'options.signal must be an AbortSignal'],
  ['readChatEvents options.idleTimeoutMs 0', read(sseBody(), { idleTimeoutMs: 0 }), 'options.idleTimeoutMs must be a whole number of milliseconds from 1 to 2147483647'],
  ['readChatEvents options.maxEventBytes 1023', read(sseBody(), { maxEventBytes: 1023 }), 'options.maxEventBytes must be a whole number of bytes from 1024 to 1073741824'],
  ['toEventStream options null', relay(null), 'options must be an object with heartbeatMs, onError or sessionSecret'],
  ['toEventStream options.heartbeatMs 0', relay({ heartbeatMs: 0 }), 'options.heartbeatMs must be a whole number of milliseconds from 1 to 2147483647'],
  // collectChatResult
  ['events null', collect(null), 'events must be an async iterable of chat events, such as what createChatSession returns'],
]

/** The error a call ends with: the last event of a generator, or what collectChatResult returned. */
async function errorOf(call: Call): Promise<ChatError> {
  const run = call(fetch)
  if (run instanceof Promise) return run
  const events: ChatEvent[] = []
  for await (const event of run) events.push(event)
  expect(events).toHaveLength(1)
  const [only] = events
  if (only?.event !== 'error') throw new Error(`expected an error, got ${JSON.stringify(only)}`)
  return only.error
}

describe('invalid_input messages', () => {
  it.each(rows)('%s', async (_, call, message) => {
    calls.length = 0
    const error = await errorOf(call)
    expect(error).toMatchObject({ type: 'invalid_input', message: `Invalid input: ${message}` })
    expect(error.type === 'invalid_input' && error.issues.map((issue) => `${issue.path} ${issue.message}`)).toEqual([message])
    expect(calls).toEqual([])
  })

  it('joins several issues with semicolons, in the order of config, options and input', async () => {
    const error = await errorOf(createWith({ timeoutMs: 0 }, { ...create, integrationId: '' }, { timeoutMs: 0 }))
    expect(error.message).toBe(
      'Invalid input: config.timeoutMs must be a whole number of milliseconds from 1 to 2147483647; ' +
        'options.timeoutMs must be a whole number of milliseconds from 1 to 2147483647; input.integrationId must be a non-empty string',
    )
  })
})
