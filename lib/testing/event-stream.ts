/** How a streamed answer ended, as the server saw it. */
export type StreamEnd = 'completed' | 'cancelled' | 'dropped'

/** Faults that act on a streamed answer once `afterEvents` events were sent. */
export interface StreamFault {
  type: 'drop' | 'stall'
  afterEvents: number
}

export interface StreamProgress {
  sentEvents: number
  totalEvents: number
  /** Resolves once the stream ended; `cancelled` means the client went away first. */
  ended: Promise<StreamEnd>
}

const encoder = new TextEncoder()

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Returns a byte stream of `events` paced by `delayMs`, with an optional fault, and the progress
 * record the mock's users read (events sent, how it ended). Cancelling the stream or aborting
 * `signal` ends it as `cancelled`.
 */
export function createEventStream(events: string[], delayMs: number, fault: StreamFault | undefined, signal: AbortSignal): { body: ReadableStream<Uint8Array>; progress: StreamProgress } {
  let settle!: (end: StreamEnd) => void
  const progress: StreamProgress = {
    sentEvents: 0,
    totalEvents: events.length,
    ended: new Promise((resolve) => (settle = resolve)),
  }
  let stopped = false
  let resolveStop!: () => void
  const stop = new Promise<void>((resolve) => (resolveStop = resolve))
  const onStop = (): void => {
    stopped = true
    settle('cancelled')
    resolveStop()
  }
  signal.addEventListener('abort', onStop, { once: true })
  progress.ended.then(() => signal.removeEventListener('abort', onStop))

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const index = progress.sentEvents
      if (fault?.afterEvents === index) {
        if (fault.type === 'stall') return stop
        settle('dropped')
        return controller.error(new Error('The mock server dropped the connection'))
      }
      if (index >= events.length) {
        settle('completed')
        return controller.close()
      }
      if (delayMs > 0 && index > 0) await Promise.race([delay(delayMs), stop])
      if (stopped) return
      controller.enqueue(encoder.encode(events[index]))
      progress.sentEvents = index + 1
    },
    cancel: onStop,
  }, { highWaterMark: 0 })
  return { body, progress }
}
