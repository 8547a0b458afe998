import { stopError, type ChatCall } from './call-context'
import { networkError, type ChatError } from '../errors'
import { describeError } from '../internal/describe-error'
import { redactText } from '../internal/redact'
import { fail, ok, type Result } from '../internal/result'

/** Reads a response body chunk by chunk, under the call's signal and an idle timeout. */
export interface BodyReader {
  /** The next chunk, `undefined` at the end, or why reading stopped. */
  read(): Promise<Result<Uint8Array | undefined, ChatError>>
  /** Stops reading and releases the connection. */
  cancel(): void
}

type StreamReader = ReadableStreamDefaultReader<Uint8Array>

/**
 * Whether a chunk is a `Uint8Array`, from any realm: what a platform body gives. A lookalike body may
 * give strings, which the decoder refuses, or other views, whose `length` does not count bytes.
 */
const isBytes = (value: unknown): value is Uint8Array => ArrayBuffer.isView(value) && (value as Uint8Array)[Symbol.toStringTag] === 'Uint8Array'

/**
 * Calls `cancel` (of a body or its reader) and ignores how it fails: nobody is left to tell, and a
 * custom fetch's lookalike body may throw where a stream would reject.
 */
export function cancelQuietly(cancel: () => unknown): void {
  try {
    Promise.resolve(cancel()).catch(() => {})
  } catch {
    // A lookalike's cancel that throws has released what it could; there is nobody to tell.
  }
}

/**
 * Returns a reader over `body` that fails with `timeout` (phase `idle`) when one read waits longer
 * than `idleTimeoutMs`. Time spent while the consumer holds an event does not count: only waiting
 * on the network does. Any byte counts as activity, SSE comments (heartbeats) included. `secret` is
 * removed from what the body threw when it broke.
 */
export function openBodyReader(body: ReadableStream<Uint8Array> | null, call: ChatCall, idleTimeoutMs: number, url: string, secret = ''): BodyReader {
  const lostError = (error: unknown): ChatError =>
    networkError(`Connection to ${url} lost while reading the response: ${redactText(describeError(error), secret)}`)
  let reader: StreamReader | undefined
  try {
    // getReader() rather than async iteration: Safari's ReadableStream is not async-iterable.
    reader = body?.getReader()
  } catch (error) {
    return endedReader(call, fail(lostError(error)))
  }
  // No idle timer for no body (a 204, or a custom fetch's `new Response(null)`): no read would ever
  // end it. Nor once the call stopped: its abort, which ends the timer, has already been dispatched.
  if (!reader || call.reason) {
    if (reader) cancelQuietly(() => reader.cancel())
    return endedReader(call, ok(undefined))
  }
  return readWithIdleTimeout(reader, call, idleTimeoutMs, lostError)
}

/** A reader with nothing to read: each read gives `end`, or why the call stopped. */
const endedReader = (call: ChatCall, end: Result<undefined, ChatError>): BodyReader => ({
  read: () => Promise.resolve(call.reason ? fail(stopError(call.reason)) : end),
  cancel: () => {},
})

/**
 * The reader of `openBodyReader` over a body that has one. Its timer lives until the body ends, breaks
 * or is cancelled, or the call stops: each of those goes through `finish`.
 */
function readWithIdleTimeout(reader: StreamReader, call: ChatCall, idleTimeoutMs: number, lostError: (error: unknown) => ChatError): BodyReader {
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
    cancelQuietly(() => reader.cancel())
  }
  call.signal.addEventListener('abort', cancel, { once: true })

  const lost = (error: unknown): Result<never, ChatError> => {
    reading = false
    cancel()
    if (call.reason) return fail(stopError(call.reason))
    return fail(lostError(error))
  }
  const received = (result: ReadableStreamReadResult<Uint8Array>): Result<Uint8Array | undefined, ChatError> => {
    reading = false
    if (call.reason) return fail(stopError(call.reason))
    // A platform stream gives `{ done, value }` with bytes; a lookalike body may give anything, which
    // ends the read as a platform body ends on a chunk that is not bytes: broken.
    try {
      if (result.done) {
        finish()
        return ok(undefined)
      }
      if (isBytes(result.value)) return ok(result.value)
    } catch (error) {
      return lost(error)
    }
    return lost(new TypeError('the body gave a chunk that is not bytes'))
  }
  // A plain function and `then` rather than an async function: this runs once per network chunk,
  // and an async frame per chunk shows in reads of small chunks (see test/bench/README.md).
  const read = (): Promise<Result<Uint8Array | undefined, ChatError>> => {
    if (call.reason) return Promise.resolve(fail(stopError(call.reason)))
    if (finished) return Promise.resolve(ok(undefined))
    readStartedAt = Date.now()
    reading = true
    try {
      // Promise.resolve: a lookalike's read() may return a thenable, whose `then` is not the platform's.
      return Promise.resolve(reader.read()).then(received, lost)
    } catch (error) {
      return Promise.resolve(lost(error))
    }
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
