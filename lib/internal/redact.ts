const REDACTED = '[redacted]'

/** Shortest start of the secret redacted at the end of a text; fewer characters rarely say anything. */
const MIN_PARTIAL_LENGTH = 6

/** JSON's short escapes (https://www.rfc-editor.org/rfc/rfc8259#section-7), by the character they stand for. */
const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '/': '\\/', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' }

const escapeRegExp = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')

/** A pattern for `hex` in upper or lower case: `[aA]9` for `a9`. */
const anyCase = (hex: string): string => hex.replace(/[a-f]/g, (digit) => `[${digit}${digit.toUpperCase()}]`)

const hexOf = (code: number, width: number): string => anyCase(code.toString(16).padStart(width, '0'))

/**
 * A pattern for every way a server may spell `char`: JSON-escaped (`\uXXXX` per UTF-16 unit, or a
 * short escape), percent-encoded (`%XX` per UTF-8 byte, `+` for a space), or as itself. Escapes come
 * first so that `\\` counts as one backslash of the key, not two. That choice is what the regex may
 * backtrack over, so matching slows with long runs of backslashes in a key, which no issued key has.
 */
function spellingsOf(char: string): string {
  const json = Array.from({ length: char.length }, (_, index) => `\\\\u${hexOf(char.charCodeAt(index), 4)}`).join('')
  const percent = Array.from(new TextEncoder().encode(char), (byte) => `%${hexOf(byte, 2)}`).join('')
  const escapes = [json, percent]
  const short = SHORT_ESCAPES[char]
  if (short) escapes.push(escapeRegExp(short))
  if (char === ' ') escapes.push('\\+')
  return `(?:${[...escapes, escapeRegExp(char)].join('|')})`
}

/**
 * An escape cut short at the end of a text, after a start of the key: `\`, `\u00`, `%`, `%C3%A`.
 * It belongs to the key's next character, so it goes with the start.
 */
const CUT_ESCAPE = '(?:\\\\(?:u[\\da-fA-F]{0,3})?|(?:%[\\da-fA-F]{0,2}){1,4})?'

interface SecretPatterns {
  secret: string
  /** The whole key, in any mix of spellings. */
  whole: RegExp
  /** A start of the key at the end of the text, before a trailing ellipsis; undefined for a key too short to have one. */
  partial: RegExp | undefined
}

/**
 * Nested optional groups, one per character after the first `MIN_PARTIAL_LENGTH`: `ab(?:c(?:d)?)?`.
 * Stops before the last character, since a whole key is already gone.
 */
function partialPattern(spellings: string[]): string | undefined {
  if (spellings.length <= MIN_PARTIAL_LENGTH) return undefined
  const rest = spellings.slice(MIN_PARTIAL_LENGTH, -1).reduceRight((inner, spelling) => `(?:${spelling}${inner})?`, '')
  return `${spellings.slice(0, MIN_PARTIAL_LENGTH).join('')}${rest}${CUT_ESCAPE}(?=…?$)`
}

// Errors are rare and a call has one key, so the patterns of the last one are all that is kept.
let cached: SecretPatterns | undefined

function patternsOf(secret: string): SecretPatterns {
  if (cached?.secret === secret) return cached
  const spellings = Array.from(secret, spellingsOf)
  const partial = partialPattern(spellings)
  cached = { secret, whole: new RegExp(spellings.join(''), 'g'), partial: partial === undefined ? undefined : new RegExp(partial) }
  return cached
}

/**
 * Returns `text` with each whole `secret` replaced, and a start of it left at the end of `text`
 * (before a trailing ellipsis): a body is read up to a limit, and the limit can fall inside an echoed key.
 * Each character of the key may be spelt as itself, JSON-escaped or percent-encoded, in any mix, as
 * servers echo a key inside JSON strings and URLs (a redirect's `Location`).
 *
 * Only text from outside the package goes through here, where it enters an error: server bodies and
 * headers, what `fetch` or a hook threw. The package's own wording and issue paths never do, so a
 * short key, as tests use (`'k'`, `'http'`), can't garble them. There is no pass over whole errors
 * at the end: whatever length it required of the key, it could still rewrite the package's words.
 */
export function redactText(text: string, secret: string): string {
  if (!secret) return text
  const { whole, partial } = patternsOf(secret)
  const redacted = text.replace(whole, REDACTED)
  return partial ? redacted.replace(partial, REDACTED) : redacted
}
