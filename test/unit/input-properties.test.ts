import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { continueChatSession, createChatSession, type ChatEvent } from '../../lib/index'
import { createMockInkeep } from '../../lib/testing/index'
import { drain } from '../helpers/drain'

// Whatever a caller passes, the outcome is one of two: invalid_input with nothing sent, or one
// request whose JSON body holds exactly the caller's data in wire spelling. The expected body is
// computed here from the generated input alone, never by the code under test.

const KEY = 'sk-property-test'
type Json = Record<string, unknown>

/** Usually a value of the right shape, sometimes anything at all (undefined, NaN, objects, arrays…). */
const mostly = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: fc.anything({ withNullPrototype: true, withBoxedValues: true, maxDepth: 2 }) })

const text = fc.string({ unit: 'binary', maxLength: 12 })
const nullish = <T>(arb: fc.Arbitrary<T>) => fc.oneof(fc.constant(null), fc.constant(undefined), arb)
const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(Infinity, -Infinity, NaN, -0))

const record = fc.record(
  { type: mostly(text), url: mostly(nullish(text)), title: mostly(nullish(text)), description: mostly(nullish(text)), breadcrumbs: mostly(nullish(fc.array(text, { maxLength: 2 }))), extra: fc.anything() },
  { requiredKeys: ['type'] },
)
const citation = fc.record({ number: mostly(number), record: mostly(record), hitUrl: mostly(nullish(text)), hit_url: text }, { requiredKeys: ['record'] })
const message = fc.oneof(
  fc.record({ role: mostly(fc.constant('user')), content: mostly(text), extra: text }, { requiredKeys: ['role', 'content'] }),
  fc.record(
    { role: mostly(fc.constant('assistant')), content: mostly(text), recordsCited: mostly(nullish(fc.record({ citations: mostly(fc.array(citation, { maxLength: 2 })) }))) },
    { requiredKeys: ['role', 'content'] },
  ),
)
const createInput = fc.record(
  {
    integrationId: mostly(text),
    chatSession: mostly(
      fc.record(
        { messages: mostly(fc.array(message, { maxLength: 3 })), guidance: mostly(nullish(text)), context: mostly(nullish(text)), tags: mostly(fc.array(text, { maxLength: 3 })) },
        { requiredKeys: ['messages'] },
      ),
    ),
    chatMode: mostly(text),
    stream: mostly(fc.boolean()),
    integration_id: text,
  },
  { requiredKeys: ['integrationId', 'chatSession'] },
)
const continueInput = fc.record(
  { chatSessionId: mostly(text), integrationId: mostly(text), message: mostly(message), stream: mostly(fc.boolean()) },
  { requiredKeys: ['chatSessionId', 'integrationId', 'message'] },
)

/** The wire form of a citation, as the API documents it; keys the client does not know are left out. */
const wireOfCitation = (c: Json): Json => {
  const r = c.record as Json
  return {
    number: c.number,
    record: { type: r.type, url: r.url, title: r.title, description: r.description, breadcrumbs: r.breadcrumbs },
    hit_url: c.hitUrl,
  }
}
const wireOfMessage = (m: Json): Json => {
  if (m.role === 'user') return { role: m.role, content: m.content }
  const cited = m.recordsCited as Json | null | undefined
  return { role: m.role, content: m.content, records_cited: cited ? { citations: (cited.citations as Json[]).map(wireOfCitation) } : cited }
}
const wireOfCreate = (input: Json): Json => {
  const session = input.chatSession as Json
  return {
    integration_id: input.integrationId,
    chat_session: { messages: (session.messages as Json[]).map(wireOfMessage), guidance: session.guidance, context: session.context, tags: session.tags },
    chat_mode: input.chatMode,
    stream: input.stream ?? true,
  }
}

/**
 * The expected body with -0 written as 0 (`JSON.stringify(-0)` is `0`, the same number to any reader)
 * and nothing else changed: a NaN or Infinity stays, so one sent as `null` fails the comparison.
 */
function withoutNegativeZero(value: unknown): unknown {
  if (Object.is(value, -0)) return 0
  if (Array.isArray(value)) return value.map(withoutNegativeZero)
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutNegativeZero(item)]))
  return value
}

/** Checks the either-or; returns whether the input was accepted. */
function checkOutcome(events: ChatEvent[], sent: number): boolean {
  const first = events[0]
  if (first?.event === 'error' && first.error.type === 'invalid_input') {
    expect(events).toHaveLength(1)
    expect(sent).toBe(0)
    expect(first.error.issues.length).toBeGreaterThan(0)
    for (const issue of first.error.issues) expect(issue.path.startsWith('input')).toBe(true)
    return false
  }
  expect(sent).toBe(1)
  return true
}

describe('input validation of arbitrary inputs', () => {
  it('createChatSession: invalid_input and nothing sent, or a body that round-trips to the input', async () => {
    const outcomes = { accepted: 0, refused: 0 }
    await fc.assert(
      fc.asyncProperty(createInput, async (input) => {
        const mock = createMockInkeep()
        const events = await drain(createChatSession({ apiKey: KEY, fetch: mock.fetch, retry: false }, input as never))
        if (!checkOutcome(events, mock.requests.length)) return void outcomes.refused++
        outcomes.accepted++
        // toEqual, because a key left undefined is absent from JSON; no JSON round trip of the expected value.
        expect(mock.requests[0]!.body).toEqual(withoutNegativeZero(wireOfCreate(input as Json)))
      }),
      { numRuns: 500 },
    )
    expect(outcomes.accepted).toBeGreaterThan(25)
    expect(outcomes.refused).toBeGreaterThan(25)
  })

  it('continueChatSession: invalid_input and nothing sent, or the id in the path and a body that round-trips', async () => {
    const outcomes = { accepted: 0, refused: 0 }
    await fc.assert(
      fc.asyncProperty(continueInput, async (input) => {
        const mock = createMockInkeep()
        const events = await drain(continueChatSession({ apiKey: KEY, fetch: mock.fetch, retry: false }, input as never))
        if (!checkOutcome(events, mock.requests.length)) return void outcomes.refused++
        outcomes.accepted++
        const { chatSessionId, integrationId, message, stream } = input as Json
        expect(mock.requests[0]!.path).toBe(`/v0/chat_sessions/${encodeURIComponent(chatSessionId as string)}/chat_results`)
        const expected = { integration_id: integrationId, message: wireOfMessage(message as Json), stream: stream ?? true }
        expect(mock.requests[0]!.body).toEqual(withoutNegativeZero(expected))
      }),
      { numRuns: 500 },
    )
    expect(outcomes.accepted).toBeGreaterThan(25)
    expect(outcomes.refused).toBeGreaterThan(25)
  })

  it('refuses a top-level input that is not an object, sending nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(null), fc.constant(undefined), fc.string(), fc.double(), fc.boolean(), fc.array(fc.anything())), async (input) => {
        const mock = createMockInkeep()
        const events = await drain(createChatSession({ apiKey: KEY, fetch: mock.fetch }, input as never))
        expect(checkOutcome(events, mock.requests.length)).toBe(false)
      }),
      { numRuns: 100 },
    )
  })
})
