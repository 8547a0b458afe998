/** Splits `text` into chunks of `size` characters, never between the two halves of a surrogate pair. */
export function splitText(text: string, size: number): string[] {
  const chunks: string[] = []
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + Math.max(1, size))
    if (end < text.length && (text.charCodeAt(end) & 0xfc00) === 0xdc00) end++
    chunks.push(text.slice(start, end))
    start = end
  }
  return chunks
}
