import * as v from 'valibot'
import { streamCall } from './call/stream-call'
import { collectChatResult } from './collect-chat-result'
import { invalidResponseError } from './errors'
import { RagAnswerSchema } from './protocols/chat-completions/document-schemas'
import { RetrieveDocumentsInputSchema } from './protocols/chat-completions/input-schemas'
import { chatCompletionsProtocol } from './protocols/chat-completions/protocol'
import { describeIssues, parseJsonOrUndefined } from './schemas/parse-json'
import type { CallOptions, ChatConfig, RetrieveDocumentsInput, RetrievedDocuments } from './types'

/**
 * Finds the documents of your Inkeep knowledge base that answer a conversation, with `inkeep-rag`
 * (https://docs.inkeep.com/ai-api/rag-mode/overview): `{ ok: true, value }` with the documents, or
 * `{ ok: false, error }`. Never throws. Same config, retries, timeouts and cancellation as every call;
 * an answer whose content is not the documents' JSON is `invalid_response`.
 *
 * @example
 * ```ts
 * const documents = await retrieveDocuments({ apiKey: 'key' }, { messages: [{ role: 'user', content: 'How do I start?' }] })
 * if (documents.ok) for (const document of documents.value) console.log(document.title, document.url)
 * ```
 */
export async function retrieveDocuments(config: ChatConfig, input: RetrieveDocumentsInput, options?: CallOptions): Promise<RetrievedDocuments> {
  const answer = await collectChatResult(streamCall(chatCompletionsProtocol, config, input, RetrieveDocumentsInputSchema, options))
  if (!answer.ok) return { ok: false, error: answer.error }
  // The content is the server's text, which may echo the key, and the key is not at hand here: an
  // error says what is wrong with it without quoting it, as a JSON syntax error would.
  const json = parseJsonOrUndefined(answer.value.message.content)
  if (json === undefined) return { ok: false, error: invalidResponseError('inkeep-rag documents: the answer is not JSON', '') }
  const parsed = v.safeParse(RagAnswerSchema, json)
  if (!parsed.success) return { ok: false, error: invalidResponseError(`inkeep-rag documents: ${describeIssues(parsed.issues)}`, '') }
  return { ok: true, value: parsed.output.content }
}
