// The conformance scenarios of the OpenAI-compatible v1 API (`createChatCompletion`,
// `retrieveDocuments`), run like the v0 ones in scenarios.mjs. The mock is given its answer's
// metadata in its wire spelling, so each check holds the client's decoding to what was sent.
import { collectChatResult, createChatCompletion, retrieveDocuments } from '@inkeep/chat-api'
import { API_KEY, check, checkErrorLast, chunksOf, contentOf, drain, equal, eventsNamed, sameJSON, TEXT } from './scenario-helpers.mjs'

const COMPLETIONS_PATH = '/v1/chat/completions'

const RECORDS_CONSIDERED = [
  { type: 'documentation', url: 'https://docs.inkeep.com/overview', title: 'Overview', breadcrumbs: ['Docs', 'Overview'] },
  { type: 'documentation', url: 'https://docs.inkeep.com/getting-started', title: 'Getting started', breadcrumbs: ['Docs', 'Getting started'] },
  { type: 'site', url: 'https://inkeep.com', title: 'Inkeep', breadcrumbs: [] },
]
// The second link is labelled 3, so a citation numbered by its place in the list would show.
const LINKS = [
  { label: '1', type: 'documentation', url: 'https://docs.inkeep.com/overview', title: 'Overview', description: 'What Inkeep is.', breadcrumbs: ['Docs', 'Overview'] },
  { label: '3', type: 'site', url: 'https://inkeep.com', title: 'Inkeep' },
]
const CITATIONS = [
  { number: 1, record: { type: 'documentation', url: 'https://docs.inkeep.com/overview', title: 'Overview', description: 'What Inkeep is.', breadcrumbs: ['Docs', 'Overview'] } },
  { number: 3, record: { type: 'site', url: 'https://inkeep.com', title: 'Inkeep' } },
]
const AI_ANNOTATIONS = { answerConfidence: 'very_confident', explanation: 'Both sources answer the question.' }

/** A tool of the caller's own, and the arguments the mock calls it with. */
export const ESCALATE = {
  type: 'function',
  function: {
    name: 'escalateToSupport',
    description: 'Hands the conversation to a person.',
    parameters: { type: 'object', properties: { reason: { type: 'string' }, urgent: { type: 'boolean' } }, required: ['reason'] },
  },
}
const ESCALATION = { reason: 'billing question', urgent: true }

/**
 * The mock's v1 answer: the text in 7-character deltas, the built-in tools' metadata, and `ESCALATE`'s
 * arguments, called when a request defines that tool.
 */
export const COMPLETION = {
  content: TEXT,
  chunkSize: 7,
  links: LINKS,
  recordsConsidered: RECORDS_CONSIDERED,
  aiAnnotations: AI_ANNOTATIONS,
  toolArguments: { [ESCALATE.function.name]: ESCALATION },
}

export const completionInput = (fields = {}) => ({ model: 'inkeep-qa-expert', messages: [{ role: 'user', content: 'How do I start?' }], ...fields })

const errorsOf = (events) => eventsNamed(events, 'error')

/** Scenario title → scenario. */
export const completionScenarios = {
  async 'v1: streams records considered before the text, then links numbered by their labels, annotations, and the finish reason last'(mode) {
    const mock = await mode.start({ apiKey: API_KEY, completion: COMPLETION })
    const events = await drain(createChatCompletion(mock.config, completionInput({ builtInTools: true })))
    equal(errorsOf(events).length, 0, 'error events')
    equal(events[0].event, 'records_considered', 'first event')
    sameJSON(events[0].data.records, RECORDS_CONSIDERED, 'records considered')
    equal(contentOf(events), TEXT, 'joined content')
    check(chunksOf(events).length > 10, `the answer arrived in chunks (${chunksOf(events).length})`)
    check(chunksOf(events).every((item) => !('chatSessionId' in item.data)), 'no chunk names a chat session')
    const cited = eventsNamed(events, 'records_cited')
    equal(cited.length, 1, 'records_cited events')
    sameJSON(cited[0].data.citations, CITATIONS, 'citations')
    const annotations = eventsNamed(events, 'ai_annotations')
    equal(annotations.length, 1, 'ai_annotations events')
    sameJSON(annotations[0].data, AI_ANNOTATIONS, 'annotations')
    equal(eventsNamed(events, 'tool_call').length, 0, 'tool_call events (every built-in call was well formed)')
    equal(events.at(-1).event, 'message_chunk', 'last event')
    equal(events.at(-1).data.finishReason, 'stop', 'last finishReason')
    equal(chunksOf(events).filter((item) => item.data.finishReason !== undefined).length, 1, 'chunks with a finishReason')

    const collected = await collectChatResult(events)
    check(collected.ok, `collected ok (${collected.error?.message})`)
    equal(collected.value.message.content, TEXT, 'collected content')
    sameJSON(collected.value.message.recordsCited.citations, CITATIONS, 'collected citations')
    sameJSON(collected.value.recordsConsidered, RECORDS_CONSIDERED, 'collected recordsConsidered')
    sameJSON(collected.value.aiAnnotations, AI_ANNOTATIONS, 'collected aiAnnotations')
    check(!('chatSessionId' in collected.value), `no chatSessionId (${JSON.stringify(collected.value.chatSessionId)})`)

    const requests = await mock.requests()
    equal(requests.length, 1, 'requests')
    equal(requests[0].path, COMPLETIONS_PATH, 'path')
    equal(requests[0].body.stream, true, 'stream flag sent')
    sameJSON(requests[0].body.tools.map((tool) => tool.function.name).sort(), ['provideAIAnnotations', 'provideLinks', 'provideRecordsConsidered'], 'built-in tools asked for')
  },
  async 'v1: stream: false gives the same content, citations and metadata from one JSON answer'(mode) {
    const mock = await mode.start({ apiKey: API_KEY, completion: COMPLETION })
    const events = await drain(createChatCompletion(mock.config, completionInput({ builtInTools: true, stream: false })))
    sameJSON(events.map((item) => item.event), ['records_considered', 'records_cited', 'ai_annotations', 'message_chunk'], 'events')
    equal(events[3].data.contentChunk, TEXT, 'content')
    equal(events[3].data.finishReason, 'stop', 'finishReason')
    sameJSON(events[1].data.citations, CITATIONS, 'citations')
    sameJSON(events[0].data.records, RECORDS_CONSIDERED, 'records considered')
    equal((await mock.requests())[0].body.stream, false, 'stream flag sent')
  },
  async "v1: a call of the caller's own tool is a tool_call event with its arguments parsed"(mode) {
    const mock = await mode.start({ apiKey: API_KEY, completion: COMPLETION })
    const events = await drain(createChatCompletion(mock.config, completionInput({ tools: [ESCALATE], builtInTools: false })))
    equal(errorsOf(events).length, 0, 'error events')
    const calls = eventsNamed(events, 'tool_call')
    equal(calls.length, 1, 'tool_call events')
    equal(calls[0].data.name, ESCALATE.function.name, 'tool name')
    check(typeof calls[0].data.id === 'string' && calls[0].data.id.length > 0, `the call has an id (${JSON.stringify(calls[0].data.id)})`)
    sameJSON(calls[0].data.arguments, ESCALATION, 'parsed arguments')
    equal(calls[0].data.argumentsText, JSON.stringify(ESCALATION), 'argumentsText, joined from its fragments')
    equal(contentOf(events), TEXT, 'joined content')
    sameJSON((await mock.requests())[0].body.tools, [ESCALATE], 'tools sent, exactly as given')
  },
  async 'v1: a 503 is retried, then answers'(mode) {
    const mock = await mode.start({ apiKey: API_KEY, completion: COMPLETION, fault: { type: 'status', status: 503, times: 1 } })
    const result = await collectChatResult(createChatCompletion({ ...mock.config, retry: { attempts: 2, baseDelayMs: 1 } }, completionInput()))
    check(result.ok, `answer ok (${result.error?.message})`)
    equal(result.value.message.content, TEXT, 'content')
    equal((await mock.requests()).map((request) => `${request.status} ${request.path}`).join(', '), `503 ${COMPLETIONS_PATH}, 200 ${COMPLETIONS_PATH}`, 'requests')
  },
  async "v1: a wrong key is a 401 http error with the server's message and no key"(mode) {
    const mock = await mode.start({ apiKey: API_KEY, completion: COMPLETION })
    const events = await drain(createChatCompletion({ ...mock.config, apiKey: 'wrong-key-9b2e' }, completionInput()))
    const error = checkErrorLast(events, 'http')
    equal(error.status, 401, 'status')
    const serverMessage = JSON.parse(error.body).error.message
    check(serverMessage.length > 0 && error.message.includes(serverMessage), `the message carries the server's (${JSON.stringify(error.message)}, body ${error.body})`)
    check(!JSON.stringify(events).includes('wrong-key-9b2e'), 'the wrong key is not echoed')
    equal((await mock.requests()).length, 1, 'requests (a 401 is not retried)')
  },
  async 'v1: an answer broken off mid-stream keeps the events before it, then stream_interrupted'(mode) {
    // Paced as a model's answer is: Bun 1.4.5's fetch discards body bytes that arrive together with
    // the connection's close (a truncated chunked body), so an unpaced drop loses events there.
    const answer = { content: TEXT, chunkSize: 7, delayMs: 10 }
    const breaks = {
      'an error message': { completion: { ...answer, streamError: { afterEvents: 4, message: 'The model failed mid-answer' } } },
      'a dropped connection': { completion: answer, fault: { type: 'drop', afterEvents: 4, partialBytes: 10 } },
    }
    for (const [how, options] of Object.entries(breaks)) {
      const mock = await mode.start({ apiKey: API_KEY, ...options })
      const events = await drain(createChatCompletion(mock.config, completionInput({ builtInTools: false })))
      // The first message only names the role: the three after it are the text's first 21 characters.
      equal(contentOf(events), TEXT.slice(0, 21), `${how}: content before the break`)
      const error = checkErrorLast(events, 'stream_interrupted')
      equal(error.eventsReceived, 3, `${how}: eventsReceived`)
      if (options.completion.streamError) check(error.message.includes(options.completion.streamError.message), `${how}: the server's message (${error.message})`)
    }
  },
  async 'v1: aborting the signal ends with aborted and cancels the stream'(mode) {
    const mock = await mode.start({ apiKey: API_KEY, completion: { content: TEXT, chunkSize: 3, delayMs: 20 } })
    const controller = new AbortController()
    const events = await drain(createChatCompletion(mock.config, completionInput({ builtInTools: false }), { signal: controller.signal }), (item, seen) => {
      if (seen.length === 1) controller.abort()
    })
    equal(chunksOf(events).length, 1, 'chunks before the abort')
    checkErrorLast(events, 'aborted')
    equal(await mock.streamEnd(0), 'cancelled', 'how the server saw the stream end')
  },
  async "v1: retrieveDocuments returns the mock's documents, camelCased"(mode) {
    const documents = [
      {
        type: 'document',
        record_type: 'documentation',
        url: 'https://docs.inkeep.com/overview',
        title: 'Overview',
        source: { type: 'content', content: [{ type: 'text', text: 'Inkeep answers from your docs.', media_type: 'text/markdown' }] },
        context: 'Docs > Overview',
      },
      { type: 'document', record_type: 'site', url: 'https://inkeep.com', title: 'Inkeep', source: { type: 'content', content: [{ type: 'text', text: 'Home.' }] } },
    ]
    const mock = await mode.start({ apiKey: API_KEY, completion: { documents } })
    const retrieved = await retrieveDocuments(mock.config, { messages: [{ role: 'user', content: 'How do I start?' }] })
    check(retrieved.ok, `documents ok (${retrieved.error?.message})`)
    sameJSON(retrieved.value, [
      {
        type: 'document',
        recordType: 'documentation',
        url: 'https://docs.inkeep.com/overview',
        title: 'Overview',
        source: { type: 'content', content: [{ type: 'text', text: 'Inkeep answers from your docs.', mediaType: 'text/markdown' }] },
        context: 'Docs > Overview',
      },
      { type: 'document', recordType: 'site', url: 'https://inkeep.com', title: 'Inkeep', source: { type: 'content', content: [{ type: 'text', text: 'Home.' }] } },
    ], 'documents')
    const [request] = await mock.requests()
    equal(`${request.path} ${request.body.model} stream: ${request.body.stream}`, `${COMPLETIONS_PATH} inkeep-rag stream: false`, 'request')
  },
}
