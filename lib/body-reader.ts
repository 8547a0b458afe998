import { stopError, type ChatCall } from './chat-call'
import { networkError, type ChatError } from './errors'
import { describeError } from './internal/describe-error'
import { redactText } from './internal/redact'
import { fail, ok, type Result } from './internal/result'

/** Reads a response body chunk by chunk, under the call's signal and an idle timeout. */
export interface BodyReader {
  /** The next chunk, `undefined` at the end, or why reading stopped. */
  read(): Promise<Result<Uint8Array | undefined, ChatError>>
  /** Stops reading and releases the connection. */
  cancel(): void
}

/**
 * Returns a reader over `body` that fails with `timeout` (phase `idle`) when one read waits longer
 * than `idleTimeoutMs`. Time spent while the consumer holds an event does not count: only waiting
 * on the network does. Any byte counts as activity, SSE comments (heartbeats) included. `secret` is
 * removed from what the body threw when it broke.
 */
export function openBodyReader(body: ReadableStream<Uint8Array> | null, call: ChatCall, idleTimeoutMs: number, url: string, secret = ''): BodyReader {
  // getReader() rather than async iteration: Safari's ReadableStream is not async-iterable.
  const reader = body?.getReader()
  let readStartedAt = 0
  let reading = false
  let finished = false

  // One timer for the whole body, re-armed lazily, instead of a setTimeout per chunk.
  const checkIdle = (): void => {
    const waited = reading ? Date.now() - readStartedAt : 0
    if (waited >= idleTimeoutMs) call.stop({ kind: 'timeout', phase: 'idle', ms: idleTimeoutMs })
    else timer = setTimeout(checkIdle, idleTimeoutMs - waited)
  }
  let timer = setTimeout(checkIdle, idleTimeoutMs)

  const finish = (): void => {
    if (finished) return
    finished = true
    clearTimeout(timer)
    call.signal.removeEventListener('abort', cancel)
  }
  // A custom fetch may ignore the signal; cancelling the reader ends a pending read() either way.
  const cancel = (): void => {
    finish()
    reader?.cancel().catch(() => {})
  }
  call.signal.addEventListener('abort', cancel, { once: true })

  const received = ({ done, value }: ReadableStreamReadResult<Uint8Array>): Result<Uint8Array | undefined, ChatError> => {
    reading = false
    if (call.reason) return fail(stopError(call.reason))
    if (done) finish()
    return ok(done ? undefined : value)
  }
  const lost = (error: unknown): Result<never, ChatError> => {
    reading = false
    finish()
    if (call.reason) return fail(stopError(call.reason))
    return fail(networkError(`Connection to ${url} lost while reading the response: ${redactText(describeError(error), secret)}`))
  }
  // A plain function and `then` rather than an async function: this runs once per network chunk,
  // and an async frame per chunk shows in reads of small chunks (see test/bench/README.md).
  const read = (): Promise<Result<Uint8Array | undefined, ChatError>> => {
    if (call.reason) return Promise.resolve(fail(stopError(call.reason)))
    if (!reader || finished) return Promise.resolve(ok(undefined))
    readStartedAt = Date.now()
    reading = true
    return reader.read().then(received, lost)
  }
  return { read, cancel }
}

/** Reads the rest of the body as UTF-8 text, keeping at most `maxChars` characters and cancelling the rest. */
export async function readText(reader: BodyReader, maxChars: number): Promise<Result<{ text: string; complete: boolean }, ChatError>> {
  const decoder = new TextDecoder()
  let text = ''
  for (;;) {
    const chunk = await reader.read()
    if (!chunk.ok) return chunk
    if (!chunk.value) return ok({ text: text + decoder.decode(), complete: true })
    text += decoder.decode(chunk.value, { stream: true })
    if (text.length > maxChars) {
      reader.cancel()
      return ok({ text: text.slice(0, maxChars), complete: false })
    }
  }
}
