/** The bytes of a typical answer of Inkeep's OpenAI-compatible v1 API, as its server streams them. */
import { sliceBytes, WORDS, type Workload } from './workloads'

const encoder = new TextEncoder()

/** A chunk as a real server spells it (https://platform.openai.com/docs/api-reference/chat-streaming). */
const chunk = (delta: object, finishReason: string | null = null): string =>
  `data: ${JSON.stringify({
    id: 'chatcmpl-AZq3xK2bV7nT1mLw4sRy8dHeP0c',
    object: 'chat.completion.chunk',
    created: 1767225600,
    model: 'inkeep-qa-expert',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  })}\n\n`

/** A link as `provideLinks` gives it: the label of its footnote, its page, and where the page sits. */
const link = (index: number) => ({
  label: String(index + 1),
  url: `https://docs.example.com/guides/section-${index}/getting-started`,
  title: `Getting started, part ${index}`,
  type: 'documentation',
  breadcrumbs: ['Docs', 'Guides', `Section ${index}`],
})

const LINKS = 10
const ARGUMENT_FRAGMENTS = 50

/**
 * `provideLinks` as OpenAI streams a tool call: a first fragment with its id and name and no
 * arguments, then the arguments' JSON in `ARGUMENT_FRAGMENTS` pieces, each a chunk of its own.
 */
function provideLinksChunks(): string[] {
  const text = JSON.stringify({ links: Array.from({ length: LINKS }, (_, index) => link(index)) })
  const size = Math.ceil(text.length / ARGUMENT_FRAGMENTS)
  const pieces = Array.from({ length: ARGUMENT_FRAGMENTS }, (_, at) => text.slice(at * size, (at + 1) * size))
  return [
    chunk({ tool_calls: [{ index: 0, id: 'call_Qm4kX8vT2pLw9sNr6yHb3dJc', type: 'function', function: { name: 'provideLinks', arguments: '' } }] }),
    ...pieces.map((piece) => chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] })),
  ]
}

/**
 * A role chunk, 2,000 content deltas of ~6 characters, `provideLinks` with 10 links in 50 argument
 * fragments, a chunk with `finish_reason: 'stop'`, then `[DONE]`. `createChatCompletion` yields
 * 2,002 events from it: 2,000 `message_chunk`s, `records_cited`, and the empty `message_chunk` that
 * carries the finish reason.
 */
export function typicalCompletion(sliceSize: number): Workload {
  const messages = [chunk({ role: 'assistant', content: '' })]
  let characters = 0
  for (let i = 0; i < 2000; i++) {
    const word = WORDS[i % WORDS.length]!
    characters += word.length
    messages.push(chunk({ content: word }))
  }
  messages.push(...provideLinksChunks(), chunk({}, 'stop'), 'data: [DONE]\n\n')
  const bytes = encoder.encode(messages.join(''))
  return {
    name: `v1 typical answer, ${sliceSize >= 1024 ? `${sliceSize / 1024} KiB` : `${sliceSize}-byte`} slices`,
    description: `2,002 events from ${messages.length.toLocaleString('en-US')} SSE messages, ${(bytes.length / 1024).toFixed(0)} KiB`,
    slices: sliceBytes(bytes, sliceSize),
    repeat: 1,
    expected: { events: 2002, characters, citations: LINKS },
  }
}
