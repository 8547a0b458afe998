import type { ResolvedCompletion } from './completion'
import type { CompletionBody } from './completions-wire'

/** A tool call an answer makes, its arguments as the text sent. */
export interface AnswerToolCall {
  id: string
  name: string
  argumentsText: string
}

/** An answer's tool calls, by where a stream sends them. */
export interface AnswerToolCalls {
  /** `provideRecordsConsidered`, which Inkeep sends before the answer's text. */
  beforeContent: AnswerToolCall[]
  afterContent: AnswerToolCall[]
}

/** The arguments of a call of `name`, or `null` when the answer leaves that call out. */
function argumentsOf(name: string, completion: ResolvedCompletion): unknown {
  switch (name) {
    case 'provideLinks':
      return completion.links && { links: completion.links }
    case 'provideRecordsConsidered':
      return completion.recordsConsidered && { recordsConsidered: completion.recordsConsidered }
    case 'provideAIAnnotations':
      return completion.aiAnnotations && { aiAnnotations: completion.aiAnnotations }
    default: {
      // `hasOwn`, so that a tool named `constructor` does not find `Object.prototype`'s.
      const given = Object.hasOwn(completion.toolArguments, name) ? completion.toolArguments[name] : undefined
      return given === undefined ? {} : given
    }
  }
}

const isSentFirst = ({ name }: { name: string }): boolean => name === 'provideRecordsConsidered'

/** The names of the tools the request lets the answer call, each once, in the order defined. */
function toCalledNames({ tools = [], tool_choice: choice }: CompletionBody): string[] {
  const names = [...new Set(tools.map((tool) => tool.function.name))]
  if (choice === 'none') return []
  return typeof choice === 'object' ? names.filter((name) => name === choice.function.name) : names
}

/**
 * Returns the calls an answer makes: one per tool the request defines and `tool_choice` allows, with the
 * answer's arguments for it, or its raw arguments text when given; a call whose arguments are `null` is left out.
 */
export function toAnswerToolCalls(request: CompletionBody, completion: ResolvedCompletion): AnswerToolCalls {
  const calls = toCalledNames(request).flatMap((name) => {
    if (Object.hasOwn(completion.rawArguments, name)) return [{ name, argumentsText: completion.rawArguments[name]! }]
    const args = argumentsOf(name, completion)
    return args === null ? [] : [{ name, argumentsText: JSON.stringify(args) }]
  })
  const ordered = [...calls.filter(isSentFirst), ...calls.filter((call) => !isSentFirst(call))].map((call, index) => ({ id: `call_mock_${index + 1}`, ...call }))
  return { beforeContent: ordered.filter(isSentFirst), afterContent: ordered.filter((call) => !isSentFirst(call)) }
}
