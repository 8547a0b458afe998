import type { CallContext } from './call-context'
import { networkError, type ChatError } from '../errors'
import { describeError } from '../internal/describe-error'
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
 * Returns a reader over `body` under the call's idle timer: a read that waits too long stops the call
 * (`timeout`, phase `idle`). Time spent while the consumer holds an event does not count: only waiting
 * on the network does. Any byte counts as activity, SSE comments (heartbeats) included. The key is
 * removed from what the body threw when it broke.
 */
export function openBodyReader(body: ReadableStream<Uint8Array> | null, call: CallContext, url: string): BodyReader {
  const lostError = (error: unknown): ChatError =>
    networkError(`Connection to ${url} lost while reading the response: ${call.redact(describeError(error))}`)
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
  return readWithIdleTimeout(reader, call, lostError)
}

/** Why `call` stopped, as a failed read. */
const stopped = (call: CallContext): Result<never, ChatError> => fail(call.stopError()!)

/** A reader with nothing to read: each read gives `end`, or why the call stopped. */
const endedReader = (call: CallContext, end: Result<undefined, ChatError>): BodyReader => ({
  read: () => Promise.resolve(call.reason ? stopped(call) : end),
  cancel: () => {},
})

/**
 * The reader of `openBodyReader` over a body that has one. Its timer lives until the body ends, breaks
 * or is cancelled, or the call stops: each of those goes through `finish`.
 */
function readWithIdleTimeout(reader: StreamReader, call: CallContext, lostError: (error: unknown) => ChatError): BodyReader {
  const idle = call.watchIdle()
  let finished = false

  const finish = (): void => {
    if (finished) return
    finished = true
    idle.end()
    call.signal.removeEventListener('abort', cancel)
  }
  // A custom fetch may ignore the signal; cancelling the reader ends a pending read() either way.
  const cancel = (): void => {
    finish()
    cancelQuietly(() => reader.cancel())
  }
  call.signal.addEventListener('abort', cancel, { once: true })

  const lost = (error: unknown): Result<never, ChatError> => {
    idle.waitEnded()
    cancel()
    return call.reason ? stopped(call) : fail(lostError(error))
  }
  const received = (result: ReadableStreamReadResult<Uint8Array>): Result<Uint8Array | undefined, ChatError> => {
    idle.waitEnded()
    if (call.reason) return stopped(call)
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
    if (call.reason) return Promise.resolve(stopped(call))
    if (finished) return Promise.resolve(ok(undefined))
    idle.waitStarted()
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
