// The conformance scenarios: each gets a fresh mock from `mode.start(options)` and checks outcomes
// (content, citations, error types and fields, what the server received and saw), so a broken
// client fails them. Plain ESM, no `node:` imports. The v1 API's are in completion-scenarios.mjs.
import { collectChatResult, continueChatSession, createChatCompletion, createChatSession, readChatEvents, toEventStreamResponse } from '@inkeep/chat-api'
import { COMPLETION, completionInput, ESCALATE } from './completion-scenarios.mjs'
import { API_KEY, check, checkErrorLast, chunksOf, contentOf, drain, equal, sameJSON, TEXT } from './scenario-helpers.mjs'

const input = (content = 'How do I start?') => ({ integrationId: 'conformance', chatSession: { messages: [{ role: 'user', content }] } })

const DONE = 'event: done\ndata: {"event":"done"}\n\n'

/**
 * Relays `events` with `toEventStreamResponse` and checks that the stream ends with `done`, reads back
 * with no error, and cut before `done` reads as `stream_interrupted` after every event. Resolves the events read.
 */
async function readRelayed(events) {
  const relayed = toEventStreamResponse(events)
  const text = await relayed.text()
  check(text.endsWith(DONE), `the stream ends with done (${JSON.stringify(text.slice(-60))})`)
  const read = (body) => drain(readChatEvents(new Response(body, { headers: relayed.headers })))
  const whole = await read(text)
  equal(whole.filter((item) => item.event === 'error').length, 0, 'error events of the whole stream')
  const error = checkErrorLast(await read(text.slice(0, -DONE.length)), 'stream_interrupted')
  equal(error.eventsReceived, whole.length, 'eventsReceived of the cut stream')
  return whole
}

/** Scenario title → scenario. */
export const scenarios = {
  async 'streams an answer and its citations'(mode) {
    const mock = await mode.start({ apiKey: API_KEY, answer: { text: TEXT, chunkSize: 7 } })
    const events = await drain(createChatSession(mock.config, input()))
    equal(events.filter((item) => item.event === 'error').length, 0, 'error events')
    equal(contentOf(events), TEXT, 'joined content')
    check(chunksOf(events).length > 10, `the answer arrived in chunks (${chunksOf(events).length})`)
    check(chunksOf(events).every((item) => item.data.chatSessionId === 'mock-session-1'), 'every chunk names the chat session')
    equal(chunksOf(events).at(-1).data.finishReason, 'stop', 'last finishReason')
    const cited = events.filter((item) => item.event === 'records_cited')
    equal(cited.length, 1, 'records_cited events')
    equal(cited[0].data.citations.length, 2, 'citations')
    equal(cited[0].data.citations[0].record.url, 'https://docs.inkeep.com/overview', 'first citation url')
    equal(cited[0].data.citations[0].hitUrl, 'https://docs.inkeep.com/overview#getting-started', 'hitUrl (camelCased)')
    const requests = await mock.requests()
    equal(requests.length, 1, 'requests')
    equal(requests[0].body.stream, true, 'stream flag sent')
    equal(requests[0].body.integration_id, 'conformance', 'integration_id sent')
  },
  async 'stream: false answers one chat_result'(mode) {
    const mock = await mode.start({ apiKey: API_KEY, answer: { text: TEXT } })
    const events = await drain(createChatSession(mock.config, { ...input(), stream: false }))
    equal(events.length, 1, 'events')
    equal(events[0].event, 'chat_result', 'event')
    equal(events[0].data.message.content, TEXT, 'content')
    equal(events[0].data.message.recordsCited.citations.length, 2, 'citations')
    equal((await mock.requests())[0].body.stream, false, 'stream flag sent')
  },
  async 'continues a session that keeps its history'(mode) {
    const mock = await mode.start({ apiKey: API_KEY })
    const first = await collectChatResult(createChatSession(mock.config, input('First question')))
    check(first.ok, `first answer ok (${first.error?.message})`)
    const chatSessionId = first.value.chatSessionId
    const second = await collectChatResult(
      continueChatSession(mock.config, { chatSessionId, integrationId: 'conformance', message: { role: 'user', content: 'Second question' } }),
    )
    check(second.ok, `second answer ok (${second.error?.message})`)
    equal(second.value.chatSessionId, chatSessionId, 'chat session id')
    check(second.value.message.content.includes('You asked: "Second question"'), 'the answer is to the second question')
    check(second.value.message.content.includes('answer 2 of this chat session'), 'the server saw the earlier turn')
    const requests = await mock.requests()
    equal(requests.length, 2, 'requests')
    equal(requests[1].path, `/v0/chat_sessions/${chatSessionId}/chat_results`, 'continue path')
  },
  async 'a 422 becomes http_validation with the server detail, not retried'(mode) {
    const mock = await mode.start({ apiKey: API_KEY })
    const twoMessages = { integrationId: 'conformance', chatSession: { messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }] } }
    const error = checkErrorLast(await drain(createChatSession(mock.config, twoMessages)), 'http_validation')
    equal(error.status, 422, 'status')
    check(error.detail.length >= 1 && error.detail[0].loc.includes('messages'), `detail names the field (${JSON.stringify(error.detail)})`)
    equal((await mock.requests()).length, 1, 'requests')
  },
  async 'a 429 is retried after Retry-After, then answers'(mode) {
    const mock = await mode.start({ apiKey: API_KEY, answer: { text: TEXT }, fault: { type: 'status', status: 429, retryAfter: '0', times: 1 } })
    const result = await collectChatResult(createChatSession({ ...mock.config, retry: { attempts: 2, baseDelayMs: 5000, maxDelayMs: 5000 } }, input()))
    check(result.ok, `answer ok (${result.error?.message})`)
    equal(result.value.message.content, TEXT, 'content')
    equal((await mock.requests()).map((request) => request.status).join(','), '429,200', 'statuses')
  },
  async 'hooks run on every attempt; one that throws ends the call with a hook error'(mode) {
    const mock = await mode.start({ apiKey: API_KEY, answer: { text: TEXT }, fault: { type: 'status', status: 503, times: 1 } })
    const seen = []
    const hooks = {
      onRequest: ({ options }) => void seen.push(`request ${options.method} ${options.headers.has('authorization')}`),
      onResponse: ({ response }) => void seen.push(`response ${response.status}`),
      onResponseError: ({ response }) => void seen.push(`error ${response.status}`),
    }
    const result = await collectChatResult(createChatSession({ ...mock.config, hooks, retry: { attempts: 2, baseDelayMs: 1 } }, input()))
    check(result.ok, `answer ok (${result.error?.message})`)
    equal(seen.join(', '), 'request POST false, response 503, error 503, request POST false, response 200', 'hook calls')
    const failing = { onRequest: () => Promise.reject(new Error(`no trace id for ${API_KEY}`)) }
    const error = checkErrorLast(await drain(createChatSession({ ...mock.config, hooks: failing }, input())), 'hook')
    equal(error.hook, 'onRequest', 'the hook named')
    equal((await mock.requests()).length, 2, 'requests (none after the failing hook)')
  },
  async 'a 429 without retries is an http error with retryAfterMs'(mode) {

    const mock = await mode.start({ apiKey: API_KEY, fault: { type: 'status', status: 429, retryAfter: '7' } })
    const error = checkErrorLast(await drain(createChatSession({ ...mock.config, retry: false }, input())), 'http')
    equal(error.status, 429, 'status')
    equal(error.retryAfterMs, 7000, 'retryAfterMs (Retry-After readable)')
    equal((await mock.requests()).length, 1, 'requests')
  },
  async 'a malformed event keeps the earlier chunks, then invalid_response'(mode) {
    const mock = await mode.start({ apiKey: API_KEY, answer: { text: TEXT, chunkSize: 5 }, fault: { type: 'malformed', afterEvents: 2 } })
    const events = await drain(createChatSession(mock.config, input()))
    equal(contentOf(events), TEXT.slice(0, 10), 'content before the malformed event')
    checkErrorLast(events, 'invalid_response')
  },
  async 'a wrong key is a 401 http error that does not echo the key'(mode) {
    const mock = await mode.start({ apiKey: API_KEY })
    const events = await drain(createChatSession({ ...mock.config, apiKey: 'wrong-key-0c1d' }, input()))
    const error = checkErrorLast(events, 'http')
    equal(error.status, 401, 'status')
    check(!JSON.stringify(events).includes('wrong-key-0c1d'), 'the wrong key is not echoed')
  },
  async 'invalid input sends nothing'(mode) {
    const mock = await mode.start({ apiKey: API_KEY })
    const error = checkErrorLast(await drain(createChatSession(mock.config, { ...input(), integrationId: '' })), 'invalid_input')
    check(error.issues.some((issue) => issue.path === 'input.integrationId'), `issue path (${JSON.stringify(error.issues)})`)
    equal((await mock.requests()).length, 0, 'requests')
  },
  async 'break after the first chunk cancels the stream'(mode) {
    const mock = await mode.start({ apiKey: API_KEY, answer: { text: TEXT, chunkSize: 3, delayMs: 20 } })
    const events = await drain(createChatSession(mock.config, input()), (item) => (item.event === 'message_chunk' ? 'break' : undefined))
    equal(events.length, 1, 'events read')
    equal(await mock.streamEnd(0), 'cancelled', 'how the server saw the stream end')
  },
  async 'disposing the generator (`await using`) cancels the stream wherever async generators have Symbol.asyncDispose'(mode) {
    const mock = await mode.start({ apiKey: API_KEY, answer: { text: TEXT, chunkSize: 3, delayMs: 20 } })
    const events = createChatSession(mock.config, input())
    const dispose = typeof Symbol.asyncDispose === 'symbol' ? Symbol.asyncDispose : undefined
    const native = (async function* () {})()
    equal(Object.prototype.toString.call(events), '[object AsyncGenerator]', 'what the call returns')
    equal(Boolean(dispose && dispose in events), Boolean(dispose && dispose in native), 'Symbol.asyncDispose, as a native async generator has it')
    if (!dispose || !(dispose in native)) return
    equal((await events.next()).value?.event, 'message_chunk', 'first event')
    await events[dispose]()
    equal((await events.next()).done, true, 'done after disposal')
    equal(await mock.streamEnd(0), 'cancelled', 'how the server saw the stream end')
  },
  async 'a relayed answer, v0 or v1, ends with done and reads back as sent; cut before done, it reads as stream_interrupted'(mode) {
    const v0 = await mode.start({ apiKey: API_KEY, answer: { text: TEXT, chunkSize: 7 } })
    equal(contentOf(await readRelayed(createChatSession(v0.config, input()))), TEXT, 'joined content of the relayed v0 answer')
    // Every kind of v1 event: records considered, text, a tool call, links and annotations.
    const v1 = await mode.start({ apiKey: API_KEY, completion: COMPLETION })
    const v1Input = completionInput({ tools: [ESCALATE], builtInTools: true })
    const direct = await drain(createChatCompletion(v1.config, v1Input))
    const kinds = new Set(direct.map((item) => item.event))
    check(['records_considered', 'message_chunk', 'tool_call', 'records_cited', 'ai_annotations'].every((kind) => kinds.has(kind)), `the v1 answer has every kind of event (${[...kinds]})`)
    sameJSON(await readRelayed(createChatCompletion(v1.config, v1Input)), direct, 'the relayed v1 events')
  },
  async 'aborting the signal ends with aborted and cancels the stream'(mode) {
    const mock = await mode.start({ apiKey: API_KEY, answer: { text: TEXT, chunkSize: 3, delayMs: 20 } })
    const controller = new AbortController()
    const events = await drain(createChatSession(mock.config, input(), { signal: controller.signal }), (item, seen) => {
      if (seen.length === 1) controller.abort()
    })
    equal(chunksOf(events).length, 1, 'chunks before the abort')
    checkErrorLast(events, 'aborted')
    equal(await mock.streamEnd(0), 'cancelled', 'how the server saw the stream end')
  },
}

