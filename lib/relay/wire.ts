// The SSE names of the package's own stream that differ from an event's `event`. The EventSource
// API gives `message` and `error` meanings of its own: an `error` listener also fires when the
// connection closes, and an unnamed message is a `message`. So the error event travels as
// `chat_error`, and the stream ends with `done`, which tells a finished answer from a cut one and
// lets an EventSource close instead of reconnecting (https://html.spec.whatwg.org/multipage/server-sent-events.html#sse-processing-model).

/** The SSE name of an `error` event; streams written before it existed named it `error`, still read. */
export const ERROR_EVENT_NAME = 'chat_error'

/** The SSE name of the message that ends a stream that was written to its end. */
export const DONE_EVENT_NAME = 'done'

/** The last message of a finished stream: its data is JSON, as every other message's is. */
export const DONE_MESSAGE = `event: ${DONE_EVENT_NAME}\ndata: {"event":"${DONE_EVENT_NAME}"}\n\n`
