import * as v from 'valibot'

// The v1 request body in OpenAI's Chat Completions format, as Inkeep's API takes it. Fields it does not
// read (temperature, user, …) are allowed and dropped, as OpenAI-compatible servers do.

const StringSchema = v.string('must be a string')

const ToolCallSchema = v.object({
  id: StringSchema,
  type: v.literal('function', 'must be "function"'),
  function: v.object({ name: StringSchema, arguments: StringSchema }),
})

const MessageSchema = v.variant(
  'role',
  [
    v.object({ role: v.literal('system'), content: StringSchema }),
    v.object({ role: v.literal('user'), content: StringSchema }),
    // OpenAI lets an assistant message that calls tools leave its content out.
    v.object({ role: v.literal('assistant'), content: v.nullish(StringSchema), tool_calls: v.optional(v.array(ToolCallSchema, 'must be an array')) }),
    v.object({ role: v.literal('tool'), content: StringSchema, tool_call_id: StringSchema }),
  ],
  'must be "system", "user", "assistant" or "tool"',
)

const ToolDefinitionSchema = v.object({
  type: v.literal('function', 'must be "function"'),
  function: v.object({
    name: v.pipe(StringSchema, v.nonEmpty('must not be empty')),
    description: v.optional(StringSchema),
    parameters: v.optional(v.record(v.string(), v.unknown(), 'must be an object')),
  }),
})

export const CompletionBodySchema = v.object({
  model: v.pipe(StringSchema, v.nonEmpty('must not be empty')),
  messages: v.pipe(v.array(MessageSchema, 'must be an array'), v.minLength(1, 'must hold at least one message')),
  tools: v.optional(v.array(ToolDefinitionSchema, 'must be an array')),
  tool_choice: v.optional(
    v.union(
      [v.picklist(['auto', 'none', 'required']), v.object({ type: v.literal('function'), function: v.object({ name: StringSchema }) })],
      'must be "auto", "none", "required" or { type: "function", function: { name } }',
    ),
  ),
  stream: v.optional(v.boolean('must be a boolean'), false),
  stream_options: v.nullish(v.object({ include_usage: v.optional(v.boolean('must be a boolean')) })),
  response_format: v.optional(v.looseObject({ type: v.picklist(['text', 'json_object', 'json_schema'], 'must be "text", "json_object" or "json_schema"') })),
})

export type CompletionBody = v.InferOutput<typeof CompletionBodySchema>

// Written by hand, since they reach the testing entry's declarations, which must not need valibot's
// types; a type test holds them equal to the schema's output.

/** A tool call of an assistant message, as OpenAI spells it. */
export interface WireToolCall {
  id: string
  type: 'function'
  function: { name: string; arguments: string }
}

/** A message of a v1 request body, in OpenAI's spelling. */
export type WireCompletionMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content?: string | null | undefined; tool_calls?: WireToolCall[] | undefined }
  | { role: 'tool'; content: string; tool_call_id: string }

/** A function tool of a v1 request body. */
export interface WireToolDefinition {
  type: 'function'
  function: { name: string; description?: string | undefined; parameters?: { [key: string]: unknown } | undefined }
}

/** OpenAI's error body, which every v1 error status carries. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null }
}

/** Returns OpenAI's error body for a status: the `type` follows the status, as OpenAI's does. */
export function toOpenAIError(status: number, message: string, param: string | null = null, code: string | null = null): OpenAIErrorBody {
  const type = status >= 500 ? 'server_error' : status === 429 ? 'rate_limit_error' : 'invalid_request_error'
  return { error: { message, type, param, code: code ?? (status === 401 ? 'invalid_api_key' : null) } }
}

/** Returns the 400 body for a body's first problem, naming the parameter as OpenAI does. */
export function toInvalidRequestError(issue: v.BaseIssue<unknown>): OpenAIErrorBody {
  const param = v.getDotPath(issue)
  if (param !== null && issue.input === undefined) return toOpenAIError(400, `Missing required parameter: '${param}'.`, param, 'missing_required_parameter')
  const message = param === null ? `Invalid body: ${issue.message}.` : `Invalid '${param}': ${issue.message}.`
  return toOpenAIError(400, message, param, issue.kind === 'schema' ? 'invalid_type' : 'invalid_value')
}
