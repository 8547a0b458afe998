import type { CallContext } from './call-context'
import type { EventBatches } from './sse-reader'
import type { ChatError } from '../errors'
import { withStopNow } from '../internal/leave-events'
import type { Result } from '../internal/result'
import type { ChatEvent } from '../types'

/** A call ready to deliver its events: its context, and how to open each attempt. */
export interface Delivery {
  call: CallContext
  /** Sends attempt `attempt` (1 for the first) and returns its events as they are read. */
  open(attempt: number): Promise<EventBatches>
  /** After an attempt that failed before its first event: waits, then says whether to try again. */
  retry(error: ChatError, attempt: number): Promise<boolean>
}

/**
 * Returns the events of the call `start` starts, able to stop at once (`stopNow`): leaving while a
 * read waits stops the call as `left`, whether or not it has started yet.
 */
export function deliverCall(start: () => Promise<Result<Delivery, ChatError>>): AsyncGenerator<ChatEvent, void, undefined> {
  let call: CallContext | undefined
  let left = false
  const started = async (): Promise<Result<Delivery, ChatError>> => {
    const delivery = await start()
    if (delivery.ok) {
      call = delivery.value.call
      if (left) call.stop({ kind: 'left' })
    }
    return delivery
  }
  return withStopNow(deliverEvents(started), () => {
    left = true
    call?.stop({ kind: 'left' })
  })
}

/**
 * The one reading loop under every call and `readChatEvents`: starts the call, then yields the events
 * of each attempt, one batch per network chunk (one await per chunk, then a plain loop over its events).
 * At most one `error` event, always last. Once the call stopped, events still buffered from its last
 * chunk are dropped and the reason is the error. Nothing happens before the first `next()`.
 */
async function* deliverEvents(start: () => Promise<Result<Delivery, ChatError>>): AsyncGenerator<ChatEvent, void, undefined> {
  const started = await start()
  if (!started.ok) {
    yield { event: 'error', error: started.error }
    return
  }
  const { call, open, retry } = started.value
  let complete = false
  let failure: ChatError
  try {
    for (let attempt = 1; ; attempt++) {
      const batches = await open(attempt)
      let delivered = 0
      let batch
      do {
        batch = await batches.read()
        const { messages } = batch
        // An index rather than `for…of`: with small chunks, about one event each, the array iterator
        // that `for…of` makes per chunk was measurable (test/bench/README.md).
        for (let index = 0; index < messages.length && !call.reason; index++) {
          delivered++
          yield messages[index]!
        }
      } while (batch.end === undefined && !call.reason)
      const end = call.stopError() ?? batch.end!
      if (end === 'done') {
        complete = true
        return
      }
      // An attempt that delivered events is never repeated: the caller would get them twice.
      if (delivered === 0 && !call.reason && (await retry(end, attempt))) continue
      failure = call.stopError() ?? end
      break
    }
  } finally {
    // After `break`/`return()` or a failure this stops the call, which aborts the request and frees the socket.
    call.end({ complete })
  }
  // Yielded after `finally`: the connection and the timers are freed before the caller sees the
  // error, and the caller may never call next() again.
  yield { event: 'error', error: failure }
}
