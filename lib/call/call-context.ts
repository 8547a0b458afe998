import { abortedError, timeoutError, type ChatError, type TimeoutError } from '../errors'

/** Why a call stopped before its response was read to the end. */
export type StopReason =
  | { kind: 'aborted' }
  | { kind: 'timeout'; phase: TimeoutError['phase']; ms: number }
  /** The consumer left the events (`break`, `return()`, `stopNow`): nobody is left to tell. */
  | { kind: 'left' }

/** The limits of a call, in ms; a call without `responseMs` or `totalMs` has no such timer. */
export interface CallTimeouts {
  responseMs?: number | undefined
  idleMs: number
  totalMs?: number | undefined
}

/** The idle timer of one response body, which only counts time spent waiting on the network. */
export interface IdleWatch {
  /** A read of the body started: its wait counts from now. */
  waitStarted(): void
  /** The read settled: the time the consumer then spends does not count. */
  waitEnded(): void
  /** The body is over: the timer is cleared. */
  end(): void
}

/**
 * The life of one call, knowing nothing of any wire format: one signal for everything it started,
 * why it stopped (the first reason wins, so a timeout that fires after the caller aborted cannot change
 * what the caller is told), its three timers, and how text from outside loses the key.
 */
export interface CallContext {
  readonly signal: AbortSignal
  /** Why the call stopped, or `undefined` while it runs. */
  readonly reason: StopReason | undefined
  stop(reason: StopReason): void
  /** The error that tells the caller why the call stopped, or `undefined` while it runs. */
  stopError(): ChatError | undefined
  /**
   * Removes the key, in every spelling, from text that came from outside (a server's body, what
   * `fetch` or a hook threw) where it enters an error. The package's own words never go through it.
   */
  redact(text: string): string
  /** Starts the response timer of one attempt; returns what clears it once the headers arrived. */
  startResponseTimer(): () => void
  /** Starts the idle timer of one response body. */
  watchIdle(): IdleWatch
  /** Clears the timers and detaches from the caller's signals; a call not read to the end stops as `left`. */
  end(options: { complete: boolean }): void
}

export interface CallContextOptions {
  /** The caller's signal: stops the call as `aborted`. */
  signal?: AbortSignal | undefined
  timeouts: CallTimeouts
  /**
   * Removes the key from outside text; a call that sends none, such as reading a relay, has nothing to
   * remove (and its bundle no redaction code).
   */
  redact?: ((text: string) => string) | undefined
}

const keepText = (text: string): string => text

export function createCallContext({ signal, timeouts, redact = keepText }: CallContextOptions): CallContext {
  const controller = new AbortController()
  let reason: StopReason | undefined
  const stop = (why: StopReason): void => {
    if (reason !== undefined) return
    reason = why
    controller.abort()
  }
  const timeout = (phase: TimeoutError['phase'], ms: number) => () => stop({ kind: 'timeout', phase, ms })
  const onAbort = (): void => stop({ kind: 'aborted' })
  if (signal?.aborted) onAbort()
  else signal?.addEventListener('abort', onAbort, { once: true })
  const { responseMs, idleMs, totalMs } = timeouts
  const deadline = totalMs === undefined ? undefined : setTimeout(timeout('total', totalMs), totalMs)

  return {
    signal: controller.signal,
    get reason() {
      return reason
    },
    stop,
    stopError: () => (reason === undefined ? undefined : reason.kind === 'timeout' ? timeoutError(reason.phase, reason.ms) : abortedError()),
    redact,
    startResponseTimer() {
      if (responseMs === undefined) return () => {}
      const timer = setTimeout(timeout('response', responseMs), responseMs)
      return () => clearTimeout(timer)
    },
    watchIdle: () => watchIdle(idleMs, timeout('idle', idleMs)),
    end({ complete }) {
      clearTimeout(deadline)
      // A body read to the end has nothing to free, and aborting costs a DOMException with its stack trace.
      if (!complete) stop({ kind: 'left' })
      signal?.removeEventListener('abort', onAbort)
    },
  }
}

/** One timer for a whole body, re-armed lazily, instead of a timer per read. */
function watchIdle(idleMs: number, onIdle: () => void): IdleWatch {
  let waitingSince: number | undefined
  let ended = false
  const check = (): void => {
    if (ended) return
    const waited = waitingSince === undefined ? 0 : Date.now() - waitingSince
    if (waited >= idleMs) onIdle()
    else timer = setTimeout(check, idleMs - waited)
  }
  let timer = setTimeout(check, idleMs)
  return {
    waitStarted: () => void (waitingSince = Date.now()),
    waitEnded: () => void (waitingSince = undefined),
    end() {
      ended = true
      clearTimeout(timer)
    },
  }
}
