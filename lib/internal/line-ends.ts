// Line ends in raw bytes, before decoding: how long the line in progress is, and where a line first
// runs over a length. LF and CR are single bytes in UTF-8, never inside a multi-byte character.

/**
 * Bytes of the line not ended at the end of `bytes` (`text` once decoded), `carried` of them from
 * earlier chunks. Most chunks end in a line end. Whether there is one at all is asked of the text,
 * searched far faster than a typed array, which is read back only to the last LF, then after it for a CR.
 */
export function lineBytesAfter(bytes: Uint8Array, text: string, carried: number): number {
  const last = bytes.length - 1
  if (bytes[last] === 10 || bytes[last] === 13) return 0
  const hasLF = text.includes('\n')
  const hasCR = text.includes('\r')
  if (!hasLF && !hasCR) return carried + bytes.length
  const lf = hasLF ? bytes.lastIndexOf(10) : -1
  const cr = hasCR ? bytes.subarray(lf + 1).lastIndexOf(13) : -1
  return last - (cr === -1 ? lf : lf + 1 + cr)
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
