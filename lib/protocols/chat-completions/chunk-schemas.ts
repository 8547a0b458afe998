import * as v from 'valibot'
import { isNullishString } from '../../schemas/rules'

// Inbound schemas of OpenAI's Chat Completions format, as Inkeep's v1 sends it
// (https://platform.openai.com/docs/api-reference/chat-streaming). Only the fields this client reads
// are checked; any other field (`id`, `model`, `usage`, `logprobs`, …) is ignored, so a server that
// adds fields never breaks it. Every schema carries its own message, which never quotes a value.

const nullishString = () => v.nullish(v.string('must be a string'))

// pure: see schemas/rules.ts
/** One fragment of a tool call: its `id` and `name` come in its first fragment, `arguments` in pieces. */
export const ToolCallDeltaSchema = /* @__PURE__ */ (() =>
  v.object({
    index: v.number('must be a number'),
    id: nullishString(),
    function: v.nullish(v.object({ name: nullishString(), arguments: nullishString() }, 'must be an object')),
  }, 'must be an object with an index'))()

/** A streamed chunk (`chat.completion.chunk`): a final usage chunk has no choices. */
export const CompletionChunkSchema = /* @__PURE__ */ (() =>
  v.object({
    choices: v.array(
      v.object({
        delta: v.nullish(v.object({ content: nullishString(), tool_calls: v.nullish(v.array(ToolCallDeltaSchema, 'must be an array')) }, 'must be an object')),
        finish_reason: nullishString(),
      }, 'must be an object'),
      'must be an array',
    ),
  }, 'must be an object with choices'))()

export type CompletionChunk = v.InferOutput<typeof CompletionChunkSchema>
export type ToolCallDelta = v.InferOutput<typeof ToolCallDeltaSchema>

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

function isToolCallDelta(value: unknown): boolean {
  if (!isObject(value) || typeof value.index !== 'number' || !isNullishString(value.id)) return false
  const fn = value.function
  return fn == null || (isObject(fn) && isNullishString(fn.name) && isNullishString(fn.arguments))
}

/**
 * Whether `json` passes `CompletionChunkSchema`: the schema's test written out, because it runs once per
 * streamed chunk, where valibot's copy of the chunk would cost about as much as parsing it. A property
 * test holds the two to the same verdict; the schema still explains failures. The chunk is then read
 * as it is, its other fields ignored.
 */
export function isCompletionChunk(json: unknown): json is CompletionChunk {
  if (!isObject(json) || !Array.isArray(json.choices)) return false
  for (const choice of json.choices as unknown[]) {
    if (!isObject(choice) || !isNullishString(choice.finish_reason)) return false
    const delta = choice.delta
    if (delta == null) continue
    if (!isObject(delta) || !isNullishString(delta.content)) return false
    const toolCalls = delta.tool_calls
    if (toolCalls != null && !(Array.isArray(toolCalls) && toolCalls.every(isToolCallDelta))) return false
  }
  return true
}

/** A whole answer (`chat.completion`, `stream: false`). */
export const CompletionSchema = /* @__PURE__ */ (() =>
  v.object({
    choices: v.pipe(
      v.array(
        v.object({
          message: v.object({
            content: nullishString(),
            tool_calls: v.nullish(
              v.array(
                v.object({ id: v.string('must be a string'), function: v.object({ name: v.string('must be a string'), arguments: v.string('must be a string') }, 'must be an object') }, 'must be an object'),
                'must be an array',
              ),
            ),
          }, 'must be an object'),
          finish_reason: nullishString(),
        }, 'must be an object'),
        'must be an array',
      ),
      v.nonEmpty('must hold at least one choice'),
    ),
  }, 'must be an object with choices'))()

// pure: see schemas/rules.ts
const ErrorBodySchema = /* @__PURE__ */ (() => v.object({ error: v.union([v.string(), v.object({ message: v.string() })]) }))()

/**
 * The message of an error as OpenAI-compatible servers send it, in a non-2xx body and sometimes as a
 * message of a stream: `{ error: { message, type, param, code } }` (some send `{ error: "…" }`);
 * `undefined` for anything else. The server's text: redact it before it enters an error.
 */
export function errorMessageOf(json: unknown): string | undefined {
  const parsed = v.safeParse(ErrorBodySchema, json)
  if (!parsed.success) return undefined
  const { error } = parsed.output
  return typeof error === 'string' ? error : error.message
}
