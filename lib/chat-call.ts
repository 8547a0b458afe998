import { abortedError, timeoutError, type ChatError, type TimeoutError } from './errors'
import { createCallController, type CallController } from './internal/call-controller'

/** Why a call stopped before its response was read to the end. */
export type StopReason =
  | { kind: 'aborted' }
  | { kind: 'timeout'; phase: TimeoutError['phase']; ms: number }
  /** The consumer left the loop (`break`, `return()`): nobody is left to tell. */
  | { kind: 'released' }

export type ChatCall = CallController<StopReason>

/** Returns the controller that owns one call's request; the caller's `signal` stops it as `aborted`. */
export const createChatCall = (signal: AbortSignal | undefined): ChatCall => createCallController<StopReason>(signal, { kind: 'aborted' })

/** Returns the error that tells the caller why the call stopped. */
export const stopError = (reason: StopReason): ChatError =>
  reason.kind === 'timeout' ? timeoutError(reason.phase, reason.ms) : abortedError()
