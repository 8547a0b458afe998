import * as v from 'valibot'
import type { BuiltInTool } from '../../types'
import { describeObjectRule, describeRule, requiredObjectSchema } from '../../schemas/rule-messages'
import { BooleanSchema, NonEmptyStringSchema, StringSchema } from '../../schemas/rules'
import { BUILT_IN_TOOLS, builtInToolsFor, toolDefinition } from './built-in-tools'

// Outbound schemas for v1: what callers pass in (camelCase) becomes OpenAI's Chat Completions body
// (snake_case, https://platform.openai.com/docs/api-reference/chat/create). As for v0, unknown keys are
// dropped, and a rule beyond a type gives the type schema the same message (rule-messages.ts).

/** Where v1 requests go, under `baseURL`. */
export const CHAT_COMPLETIONS_PATH = '/v1/chat/completions'

// pure: see schemas/rules.ts
const ToolCallSchema = /* @__PURE__ */ (() =>
  v.pipe(
    requiredObjectSchema({ id: NonEmptyStringSchema, name: NonEmptyStringSchema, argumentsText: StringSchema }, 'an object with id, name and argumentsText'),
    v.transform(({ id, name, argumentsText }) => ({ id, type: 'function' as const, function: { name, arguments: argumentsText } })),
  ))()

/** One message of the conversation, told apart by its role; a tool result names the call it answers. */
const MessageSchema = /* @__PURE__ */ (() =>
  v.variant(
    'role',
    [
      requiredObjectSchema({ role: v.picklist(['system', 'user']), content: StringSchema }, 'an object with role and content'),
      v.pipe(
        requiredObjectSchema({
          role: v.literal('assistant'),
          content: StringSchema,
          toolCalls: v.optional(v.array(ToolCallSchema, describeRule('an array of tool calls'))),
        }, 'an object with role and content'),
        v.transform(({ role, content, toolCalls }) => ({ role, content, tool_calls: toolCalls?.length ? toolCalls : undefined })),
      ),
      v.pipe(
        requiredObjectSchema({ role: v.literal('tool'), toolCallId: NonEmptyStringSchema, content: StringSchema }, 'an object with role, toolCallId and content'),
        v.transform(({ role, toolCallId, content }) => ({ role, tool_call_id: toolCallId, content })),
      ),
    ],
    describeRule('an object with role "system", "user", "assistant" or "tool"'),
  ))()

const MessagesSchema = /* @__PURE__ */ (() =>
  v.pipe(v.array(MessageSchema, describeRule('an array of messages')), v.nonEmpty('must hold at least one message')))()

/** A caller's tool: only what OpenAI requires is checked, and the object is sent exactly as given. */
const ToolDefinitionSchema = /* @__PURE__ */ (() => {
  const fn = { name: NonEmptyStringSchema }
  const tool = { type: v.literal('function', 'must be "function"'), function: v.looseObject(fn, describeObjectRule(fn, 'an object with a name')) }
  return v.looseObject(tool, describeObjectRule(tool, 'an object with type "function" and a function'))
})()

const ToolChoiceSchema = /* @__PURE__ */ (() =>
  v.union(
    [
      v.picklist(['auto', 'none', 'required']),
      v.object({ type: v.literal('function'), function: v.object({ name: v.pipe(v.string(), v.nonEmpty()) }) }),
    ],
    'must be "auto", "none", "required" or { type: "function", function: { name } }',
  ))()

const BuiltInToolsSchema = /* @__PURE__ */ (() =>
  v.union(
    [v.boolean(), v.array(v.picklist(BUILT_IN_TOOLS))],
    `must be true, false or an array of ${BUILT_IN_TOOLS.map((name) => `"${name}"`).join(', ')}`,
  ))()

/**
 * The request's `tools`: the caller's own, then the built-in tools asked for that the caller did not
 * define under the same name (a caller who passes Inkeep's definitions, as OpenAI-client code does,
 * keeps them). `undefined` when there are none, so the body has no `tools` key.
 */
function toolsOf(tools: readonly { function: { name: string } }[] = [], builtIn: BuiltInTool[]): unknown[] | undefined {
  const defined = new Set(tools.map((tool) => tool.function.name))
  const all = [...tools, ...builtIn.filter((name) => !defined.has(name)).map(toolDefinition)]
  return all.length ? all : undefined
}

/** `CreateChatCompletionInput` → the body of `POST /v1/chat/completions`. */
export const CreateChatCompletionInputSchema = /* @__PURE__ */ (() =>
  v.pipe(
    requiredObjectSchema({
      model: NonEmptyStringSchema,
      messages: MessagesSchema,
      tools: v.optional(v.array(ToolDefinitionSchema, describeRule('an array of tools'))),
      toolChoice: v.optional(ToolChoiceSchema),
      builtInTools: v.optional(BuiltInToolsSchema),
      stream: v.optional(BooleanSchema, true),
    }, 'an object with model and messages'),
    v.transform(({ model, messages, tools, toolChoice, builtInTools, stream }) => ({
      path: CHAT_COMPLETIONS_PATH,
      stream,
      body: { model, messages, tools: toolsOf(tools, builtInToolsFor(model, builtInTools)), tool_choice: toolChoice, stream },
    })),
  ))()

/** `RetrieveDocumentsInput` → a JSON request for `inkeep-rag`'s documents. */
export const RetrieveDocumentsInputSchema = /* @__PURE__ */ (() =>
  v.pipe(
    requiredObjectSchema({ messages: MessagesSchema, model: v.optional(NonEmptyStringSchema, 'inkeep-rag') }, 'an object with messages'),
    v.transform(({ messages, model }) => ({
      path: CHAT_COMPLETIONS_PATH,
      stream: false,
      body: { model, messages, response_format: { type: 'json_object' }, stream: false },
    })),
  ))()
