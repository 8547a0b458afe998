// Line ends in raw bytes, before decoding: how long the line in progress is, and where a line first
// runs over a length. LF and CR are single bytes in UTF-8, never inside a multi-byte character.

/**
 * Bytes of the line not ended at the end of `bytes` (`text` once decoded), `carried` of them from
 * earlier chunks. Whether there is a line end at all is asked of the text, searched far faster than a
 * typed array; then the bytes are read back from the end to the last one.
 */
export function lineBytesAfter(bytes: Uint8Array, text: string, carried: number): number {
  if (!text.includes('\n') && !text.includes('\r')) return carried + bytes.length
  let end = bytes.length - 1
  while (bytes[end] !== 10 && bytes[end] !== 13) end--
  return bytes.length - 1 - end
}

/**
 * Where in `bytes` the first line longer than `maxLineBytes` gets its first byte too many (the end of
 * that byte), or -1. `carried` bytes of the current line came in earlier chunks.
 */
export function findOverlongLine(bytes: Uint8Array, carried: number, maxLineBytes: number): number {
  // `start` is where the line starts, negative while it started in an earlier chunk. The window holds
  // one byte more than a line may: without a line end it is a line too long, and with one, the lines
  // up to its last line end fit, so the next window starts after it.
  for (let start = -carried; start + maxLineBytes < bytes.length; ) {
    const from = Math.max(start, 0)
    const window = bytes.subarray(from, start + maxLineBytes + 1)
    const end = Math.max(window.lastIndexOf(10), window.lastIndexOf(13))
    if (end === -1) return start + maxLineBytes + 1
    start = from + end + 1
  }
  return -1
}
