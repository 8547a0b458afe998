import type { Emit } from '../../call/protocol'
import type { ToolCallDelta } from './chunk-schemas'
import { toolCallEvent, type CompletedToolCall } from './tool-results'

/**
 * Joins the fragments of a stream's tool calls, by `index`, and emits each call's event once it is
 * complete. The format has no end marker per call: a call is complete when a fragment of another call
 * or the answer's content arrives, at the choice's `finish_reason`, or at `[DONE]`; `complete` is
 * called at each of those. Its arguments are JSON only once whole, so nothing is parsed before.
 */
export function createToolCallAssembler(emit: Emit) {
  let pending: CompletedToolCall | undefined
  let pendingIndex = -1

  const complete = (): void => {
    if (!pending) return
    const call = pending
    pending = undefined
    emit(toolCallEvent(call))
  }

  const add = (delta: ToolCallDelta): void => {
    if (delta.index !== pendingIndex || !pending) {
      complete()
      pendingIndex = delta.index
      pending = { id: '', name: '', argumentsText: '' }
    }
    // `id` and `name` come in a call's first fragment; a server that repeats them repeats the same.
    if (delta.id) pending.id = delta.id
    if (delta.function?.name) pending.name = delta.function.name
    if (delta.function?.arguments) pending.argumentsText += delta.function.arguments
  }

  return { add, complete }
}
