import * as v from 'valibot'
import { continueChatSession } from '../continue-chat-session'
import { createChatSession } from '../create-chat-session'
import { invalidInputError, type InvalidInputError } from '../errors'
import { fail, ok, type Result } from '../internal/result'
import { SessionSecretSchema, verifyChatSessionId } from '../relay/session-signature'
import type { ChatConfig, ChatEvent } from '../types'
import { readUITurn, type NamedSession } from './read-ui-turn'
import { startAnswer } from './start-answer'
import type { ChatFromUIMessagesBody, ChatFromUIMessagesOptions } from './types'

/**
 * Answers the last user message of a `useChat` request: continues the chat session named by the
 * latest assistant message's metadata (which `toUIMessageStream` sets), or creates one when there is
 * none, and yields the answer's events as `createChatSession` does. Nothing happens before the first
 * `next()`.
 *
 * The history comes from the browser, and a session id is all it takes to continue a session and read
 * its conversation back. So a named session is continued only when its `chatSessionSignature` verifies
 * with `options.sessionSecret` (the secret `toUIMessageStream` signed it with), or when
 * `options.trustClientSessionId` is `true`; otherwise, as for a body without user text, one
 * `invalid_input` error event is yielded and nothing is sent.
 *
 * @example
 * ```ts
 * const { messages } = await req.json()
 * const events = chatFromUIMessages(config, { integrationId, messages }, { signal: req.signal, sessionSecret })
 * return toUIMessageStreamResponse(events, { sessionSecret })
 * ```
 */
export function chatFromUIMessages(
  config: ChatConfig,
  body: ChatFromUIMessagesBody,
  options?: ChatFromUIMessagesOptions,
): AsyncGenerator<ChatEvent, void, undefined> {
  return startAnswer(() => startTurn(config, body, options))
}

/** Reads the turn and checks the session it names, then starts the call that answers it. */
async function startTurn(
  config: ChatConfig,
  body: ChatFromUIMessagesBody,
  options: ChatFromUIMessagesOptions | undefined,
): Promise<Result<AsyncGenerator<ChatEvent, void, undefined>, InvalidInputError>> {
  const { sessionSecret, trustClientSessionId, ...callOptions } = options ?? {}
  const turn = readUITurn(body?.messages)
  if (!turn.ok) return turn
  const session = await checkSession(turn.value.session, sessionSecret, trustClientSessionId)
  if (!session.ok) return session
  const { integrationId } = body
  const message = { role: 'user', content: turn.value.question } as const
  // The v0 API keeps the history of a session itself, so only the new question is sent.
  return ok(
    session.value === undefined
      ? createChatSession(config, { integrationId, chatSession: { messages: [message] } }, callOptions)
      : continueChatSession(config, { chatSessionId: session.value, integrationId, message }, callOptions),
  )
}

const SessionOptionsSchema = /* @__PURE__ */ (() =>
  v.object({ sessionSecret: v.optional(SessionSecretSchema), trustClientSessionId: v.optional(v.boolean('must be true or false')) }))()

/** Returns the id of the session to continue (`undefined` to start one), or why the named one may not be continued. */
async function checkSession(
  named: NamedSession | undefined,
  sessionSecret: unknown,
  trustClientSessionId: unknown,
): Promise<Result<string | undefined, InvalidInputError>> {
  const checked = v.safeParse(SessionOptionsSchema, { sessionSecret, trustClientSessionId })
  if (!checked.success) return fail(invalidInputError(checked.issues.map((issue) => ({ path: `options.${v.getDotPath(issue)}`, message: issue.message }))))
  if (named === undefined) return ok(undefined)
  const { chatSessionId, chatSessionSignature, messageIndex } = named
  if (checked.output.trustClientSessionId) return ok(chatSessionId)
  const secret = checked.output.sessionSecret
  if (secret === undefined) {
    const message = `is required to continue the session named by input.messages.${messageIndex}.metadata (or trustClientSessionId: true)`
    return fail(invalidInputError([{ path: 'options.sessionSecret', message }]))
  }
  if (await verifyChatSessionId(secret, chatSessionId, chatSessionSignature)) return ok(chatSessionId)
  const path = `input.messages.${messageIndex}.metadata.chatSessionSignature`
  return fail(invalidInputError([{ path, message: 'does not match its chatSessionId: the session was not started with this sessionSecret' }]))
}
