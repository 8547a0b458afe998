import * as v from 'valibot'
import { resolveAnswer, toChatResultBody, toServerEvents, type MockAnswer, type MockChatContext } from './answer'
import type { MockReply, MockRoute } from './route'
import { ContinueBodySchema, CreateBodySchema, toValidationDetail, type WireMessage } from './wire'

const CREATE_PATH = '/v0/chat_sessions/chat_results'
const CONTINUE_PATH = /^\/v0\/chat_sessions\/([^/]+)\/chat_results$/

const error = (status: number, body: unknown): MockReply => ({ type: 'error', status, body })

/**
 * Returns the Chat API v0 route: both endpoints, FastAPI-style 422 for bad bodies, 404 for an unknown
 * session, and sessions kept so that continuing sees the history. It answers every path outside `/v1/`.
 */
export function createChatSessionsRoute(answer: MockAnswer | ((context: MockChatContext) => MockAnswer) | undefined): MockRoute {
  const sessions = new Map<string, WireMessage[]>()

  /** Adds the request's message to its session: the session's id and the stream flag, or the error to answer. */
  function record(continued: RegExpExecArray | null, body: object): { chatSessionId: string; stream: boolean } | MockReply {
    if (continued) {
      const parsed = v.safeParse(ContinueBodySchema, body)
      if (!parsed.success) return error(422, toValidationDetail(parsed.issues))
      const chatSessionId = decodePathSegment(continued[1]!)
      const history = sessions.get(chatSessionId)
      if (!history) return error(404, { detail: `Chat session ${chatSessionId} not found` })
      history.push(parsed.output.message)
      return { chatSessionId, stream: parsed.output.stream }
    }
    const parsed = v.safeParse(CreateBodySchema, body)
    if (!parsed.success) return error(422, toValidationDetail(parsed.issues))
    const chatSessionId = `mock-session-${sessions.size + 1}`
    sessions.set(chatSessionId, [...parsed.output.chat_session.messages])
    return { chatSessionId, stream: parsed.output.stream }
  }

  return {
    toErrorBody: (_status, message) => ({ detail: message }),
    malformedEvent: 'event: message_chunk\ndata: {"content_chunk": \n\n',
    reply({ method, path, body }) {
      const continued = CONTINUE_PATH.exec(path)
      if (path !== CREATE_PATH && !continued) return error(404, { detail: 'Not Found' })
      if (method !== 'POST') return error(405, { detail: 'Method Not Allowed' })
      if (!body || typeof body !== 'object') return error(422, { detail: [{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error' }] })
      const recorded = record(continued, body)
      if ('type' in recorded) return recorded
      const { chatSessionId, stream } = recorded
      const history = sessions.get(chatSessionId)!
      const resolved = resolveAnswer(answer, { chatSessionId, messages: [...history] })
      history.push({ role: 'assistant', content: resolved.text })
      const events = toServerEvents(chatSessionId, resolved)
      return { type: 'answer', stream, body: toChatResultBody(chatSessionId, resolved), events, delayMs: resolved.delayMs }
    },
  }
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
