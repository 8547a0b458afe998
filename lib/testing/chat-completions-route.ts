import * as v from 'valibot'
import { resolveCompletion, type MockCompletion, type MockCompletionContext, type ResolvedCompletion } from './completion'
import { toCompletionBody, toCompletionEvents, type AnsweredCompletion } from './completion-chunks'
import { toAnswerToolCalls } from './completion-tool-calls'
import { CompletionBodySchema, toInvalidRequestError, toOpenAIError, type CompletionBody } from './completions-wire'
import type { MockReply, MockRoute } from './route'

const COMPLETIONS_PATH = '/v1/chat/completions'

/** The model whose answer is documents as JSON rather than prose and tool calls. */
const RAG_MODEL = 'inkeep-rag'

const error = (status: number, message: string): MockReply => ({ type: 'error', status, body: toOpenAIError(status, message) })

/** A rough token count, four characters a token, so that `usage` adds up and grows with the text. */
const countTokens = (text: string): number => Math.ceil(text.length / 4)

/** Returns what the request gets: documents as JSON for `inkeep-rag`, otherwise the prose and the tool calls. */
function toAnsweredCompletion(request: CompletionBody, completion: ResolvedCompletion): AnsweredCompletion {
  const rag = request.model === RAG_MODEL
  const content = rag ? JSON.stringify({ content: completion.documents }) : completion.content
  const toolCalls = rag ? { beforeContent: [], afterContent: [] } : toAnswerToolCalls(request, completion)
  const promptTokens = countTokens(JSON.stringify(request.messages))
  const calls = [...toolCalls.beforeContent, ...toolCalls.afterContent]
  const completionTokens = countTokens(content) + calls.reduce((sum, call) => sum + countTokens(call.argumentsText), 0)
  const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens }
  return { content, toolCalls, usage }
}

/**
 * Returns the OpenAI-compatible v1 route, `POST /v1/chat/completions`: stateless, OpenAI's error body on
 * every error status, and JSON or SSE by the `stream` flag (false unless sent, as OpenAI's default is).
 */
export function createChatCompletionsRoute(option: MockCompletion | ((context: MockCompletionContext) => MockCompletion) | undefined): MockRoute {
  let answered = 0
  return {
    toErrorBody: toOpenAIError,
    malformedEvent: 'data: {"object":"chat.completion.chunk","choices": \n\n',
    reply({ method, path, body }) {
      if (path !== COMPLETIONS_PATH) return error(404, `Invalid URL (${method} ${path})`)
      if (method !== 'POST') return error(405, `Method ${method} is not allowed on ${path}`)
      if (!body || typeof body !== 'object') return error(400, 'The body of the request is not a JSON object.')
      const parsed = v.safeParse(CompletionBodySchema, body, { abortEarly: true })
      if (!parsed.success) return { type: 'error', status: 400, body: toInvalidRequestError(parsed.issues[0]) }
      const request = parsed.output
      const { model, messages, tools = [], stream } = request
      const completion = resolveCompletion(option, { model, messages, tools, stream })
      if (completion.streamError && !stream) return error(500, completion.streamError.message)
      const head = { id: `chatcmpl-mock-${++answered}`, created: Math.floor(Date.now() / 1000), model }
      const answer = toAnsweredCompletion(request, completion)
      const { chunkSize, streamError, delayMs } = completion
      const events = toCompletionEvents(head, answer, { chunkSize, includeUsage: request.stream_options?.include_usage === true, streamError })
      return { type: 'answer', stream, body: toCompletionBody(head, answer), events, delayMs }
    },
  }
}
