import { describe, expect, it } from 'vitest'
import { completionFromUIMessages, type CompletionFromUIMessagesBody, type UIMessageLike } from '../../../lib/ai-sdk/index'
import { stopEventsNow } from '../../../lib/internal/leave-events'
import { collectChatResult } from '../../../lib/index'
import { createMockInkeep, type MockInkeepOptions } from '../../../lib/testing/index'
import { drain, lastError } from '../../helpers/drain'
import { TEST_KEY } from '../../helpers/client'

const message = (role: string, ...texts: string[]): UIMessageLike => ({ id: role, role, parts: texts.map((text) => ({ type: 'text', text })) })

/** Runs completionFromUIMessages against an in-memory mock; returns its events and the request bodies the mock saw. */
async function run(messages: unknown, extra: Partial<CompletionFromUIMessagesBody> = {}, mockOptions: MockInkeepOptions = {}) {
  const mock = createMockInkeep(mockOptions)
  const body = { model: 'inkeep-qa-expert', messages: messages as UIMessageLike[], ...extra }
  const events = await drain(completionFromUIMessages({ apiKey: TEST_KEY, fetch: mock.fetch, retry: false }, body))
  return { events, requests: mock.requests.map(({ path, body }) => ({ path, body: body as { model: string; messages: unknown[]; tools?: Array<{ function: { name: string } }> } })) }
}

describe('completionFromUIMessages', () => {
  it('sends the whole history, oldest first: each message’s text parts joined, roles kept, messages without text left out', async () => {
    const history = [
      message('system', 'Answer briefly.'),
      message('user', 'How do I start?'),
      { ...message('assistant', 'Install it.', 'Then ask.'), metadata: { aiAnnotations: { answerConfidence: 'very_confident' } } },
      { id: 'f', role: 'user', parts: [{ type: 'file' }, { type: 'text', text: '  ' }] },
      { id: 'd', role: 'assistant', parts: [{ type: 'data-tool-call', data: {} }] },
      message('user', 'And then?', 'In one line.'),
    ]
    const { events, requests } = await run(history)

    expect(requests).toHaveLength(1)
    expect(requests[0]!.path).toBe('/v1/chat/completions')
    expect(requests[0]!.body.model).toBe('inkeep-qa-expert')
    expect(requests[0]!.body.messages).toEqual([
      { role: 'system', content: 'Answer briefly.' },
      { role: 'user', content: 'How do I start?' },
      { role: 'assistant', content: 'Install it.\nThen ask.' },
      { role: 'user', content: 'And then?\nIn one line.' },
    ])
    expect(events.at(-1)?.event).not.toBe('error')
  })

  it('leaves out messages of roles a completion has no text message for', async () => {
    const { requests } = await run([message('tool', 'result'), message('developer', 'be terse'), message('user', 'Hi')])
    expect(requests[0]!.body.messages).toEqual([{ role: 'user', content: 'Hi' }])
  })

  it('asks for the built-in tools the body names, and yields the events they give', async () => {
    const { events, requests } = await run([message('user', 'Hi')], { builtInTools: ['provideRecordsConsidered', 'provideAIAnnotations'] })
    expect(requests[0]!.body.tools?.map((tool) => tool.function.name)).toEqual(['provideRecordsConsidered', 'provideAIAnnotations'])
    const result = await collectChatResult(events)
    expect(result.ok && result.value).toMatchObject({ recordsConsidered: expect.any(Array), aiAnnotations: { answerConfidence: 'very_confident' } })
    expect(result.ok && result.value.chatSessionId).toBeUndefined()
  })

  it.each([
    ['no messages', []],
    ['only an assistant and a system message', [message('assistant', 'Hello'), message('system', 'Be nice.')]],
    ['user messages without text', [message('user', '  '), { id: 'f', role: 'user', parts: [{ type: 'file' }] }, message('assistant', 'Hi')]],
  ])('gives one invalid_input error event and sends nothing for %s', async (_, messages) => {
    const { events, requests } = await run(messages)
    expect(events).toEqual([
      {
        event: 'error',
        error: { type: 'invalid_input', message: 'Invalid input: input.messages must hold a user message with text', issues: [{ path: 'input.messages', message: 'must hold a user message with text' }] },
      },
    ])
    expect(requests).toEqual([])
  })

  it.each([
    ['messages that are not an array', 'hello', 'input.messages'],
    ['a message without parts', [{ id: 'u', role: 'user' }], 'input.messages.0.parts'],
    ['a part without a type', [{ id: 'u', role: 'user', parts: [{ text: 'Hi' }] }], 'input.messages.0.parts.0.type'],
  ])('gives one invalid_input error event, naming where, for %s', async (_, messages, path) => {
    const { events, requests } = await run(messages)
    expect(events).toHaveLength(1)
    expect(lastError(events)).toMatchObject({ type: 'invalid_input', issues: [expect.objectContaining({ path })] })
    expect(requests).toEqual([])
  })

  it('passes an invalid model on to createChatCompletion, which refuses it without sending', async () => {
    const { events, requests } = await run([message('user', 'Hi')], { model: '' })
    expect(lastError(events)).toMatchObject({ type: 'invalid_input', issues: [expect.objectContaining({ path: 'input.model' })] })
    expect(requests).toEqual([])
  })

  it('sends nothing before the first next()', async () => {
    const mock = createMockInkeep()
    const events = completionFromUIMessages({ apiKey: TEST_KEY, fetch: mock.fetch }, { model: 'inkeep-qa-expert', messages: [message('user', 'Hi')] })
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(mock.requests).toEqual([])
    await events.return()
  })

  it('stops the request at once when its events are stopped, while they wait on a silent server', async () => {
    const mock = createMockInkeep({ fault: { type: 'stall', afterEvents: 3 } })
    const events = completionFromUIMessages({ apiKey: TEST_KEY, fetch: mock.fetch }, { model: 'inkeep-qa-expert', messages: [message('user', 'Hi')] })
    const within = <T>(promise: Promise<T>, ms: number) => Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms, 'still waiting'))])
    let pending = events.next()
    // Take the events sent before the server fell silent, until one next() waits on it.
    while ((await within(pending, 50)) !== 'still waiting') pending = events.next()
    stopEventsNow(events)
    expect(await within(pending, 200)).toMatchObject({ value: { event: 'error', error: { type: 'aborted' } } })
    expect(await events.next()).toEqual({ value: undefined, done: true })
  })
})
