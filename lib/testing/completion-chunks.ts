import type { AnswerToolCall, AnswerToolCalls } from './completion-tool-calls'
import { splitText } from './split-text'

/** The fields that every chunk and the JSON body of one completion share. */
export interface CompletionHead {
  id: string
  /** Unix time, in seconds. */
  created: number
  model: string
}

/** What a completion answers, whether streamed or not. */
export interface AnsweredCompletion {
  content: string
  toolCalls: AnswerToolCalls
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number }
}

export interface CompletionStreamOptions {
  /** Characters per content delta and per arguments fragment. */
  chunkSize: number
  /** Whether to send the usage chunk (`stream_options.include_usage`). */
  includeUsage: boolean
  /** Where to break off with an error message instead of finishing. */
  streamError: { afterEvents: number; message: string } | undefined
}

const dataMessage = (data: unknown): string => `data: ${JSON.stringify(data)}\n\n`

const toEnvelope = ({ id, created, model }: CompletionHead, object: string) => ({ id, object, created, model })

/** Returns a call's deltas: the first names it with empty arguments, the rest carry the arguments in fragments. */
function toToolCallDeltas(call: AnswerToolCall, index: number, chunkSize: number): object[] {
  const first = { tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }
  const fragments = splitText(call.argumentsText, chunkSize).map((fragment) => ({ tool_calls: [{ index, function: { arguments: fragment } }] }))
  return [first, ...fragments]
}

/**
 * Returns the SSE messages of a streamed answer, in the order Inkeep sends them: the role, the records
 * considered, the text, the other tool calls, the finish, the usage when asked for, then `[DONE]`. With
 * `streamError`, the first `afterEvents` of them and then the error, which ends the stream.
 */
export function toCompletionEvents(head: CompletionHead, answer: AnsweredCompletion, options: CompletionStreamOptions): string[] {
  const { chunkSize, includeUsage, streamError } = options
  const { beforeContent, afterContent } = answer.toolCalls
  const toChunk = (delta: object, finishReason: string | null = null): string =>
    dataMessage({ ...toEnvelope(head, 'chat.completion.chunk'), choices: [{ index: 0, delta, finish_reason: finishReason }] })
  const deltas = [
    { role: 'assistant', content: '' },
    ...beforeContent.flatMap((call, index) => toToolCallDeltas(call, index, chunkSize)),
    ...splitText(answer.content, chunkSize).map((content) => ({ content })),
    ...afterContent.flatMap((call, index) => toToolCallDeltas(call, beforeContent.length + index, chunkSize)),
  ]
  const events = [...deltas.map((delta) => toChunk(delta)), toChunk({}, 'stop')]
  if (includeUsage) events.push(dataMessage({ ...toEnvelope(head, 'chat.completion.chunk'), choices: [], usage: answer.usage }))
  if (streamError) return [...events.slice(0, streamError.afterEvents), dataMessage({ error: { message: streamError.message, type: 'server_error' } })]
  return [...events, 'data: [DONE]\n\n']
}

/** Returns the JSON body of an answer that is not streamed. */
export function toCompletionBody(head: CompletionHead, answer: AnsweredCompletion): unknown {
  const { content, toolCalls, usage } = answer
  const calls = [...toolCalls.beforeContent, ...toolCalls.afterContent].map(({ id, name, argumentsText }) => ({
    id,
    type: 'function',
    function: { name, arguments: argumentsText },
  }))
  const message = calls.length > 0 ? { role: 'assistant', content, tool_calls: calls } : { role: 'assistant', content }
  return { ...toEnvelope(head, 'chat.completion'), choices: [{ index: 0, message, finish_reason: 'stop' }], usage }
}
