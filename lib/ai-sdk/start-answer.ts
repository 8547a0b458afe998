import type { ChatError } from '../errors'
import { stopEventsNow, withStopNow } from '../internal/leave-events'
import type { Result } from '../internal/result'
import type { ChatEvent } from '../types'

type ChatEvents = AsyncGenerator<ChatEvent, void, undefined>

/**
 * Returns the events of the call that `start` makes at the first `next()`, or one `error` event when
 * `start` refuses (and so sends nothing). Stopping these events (`stopNow`) stops that call at once,
 * as it is what holds the request.
 */
export function startAnswer(start: () => Result<ChatEvents, ChatError> | Promise<Result<ChatEvents, ChatError>>): ChatEvents {
  let answer: ChatEvents | undefined
  async function* answerEvents(): ChatEvents {
    const started = await start()
    if (!started.ok) {
      yield { event: 'error', error: started.error }
      return
    }
    answer = started.value
    yield* answer
  }
  return withStopNow(answerEvents(), () => stopEventsNow(answer))
}
