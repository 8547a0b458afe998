/**
 * Whether `hostname` (as `URL#hostname` spells it) names this machine without asking DNS: `localhost`,
 * `127.0.0.0/8` or `[::1]`. Not `*.localhost` nor `localhost.`: Node resolves those through DNS, which
 * may answer with any address (RFC 6761 asks resolvers to answer loopback, nothing enforces it).
 */
export const isLoopbackHost = (hostname: string): boolean => /^(localhost|\[::1\]|127(\.\d{1,3}){3})$/.test(hostname)

/**
 * What the URL parser drops or hides while the raw string is what gets sent: an empty query or
 * fragment (`search` and `hash` are then empty), surrounding spaces and controls, which it strips, and
 * tabs and line breaks, which it removes anywhere (https://url.spec.whatwg.org/#concept-basic-url-parser).
 */
const UNPARSED = /[?#\t\n\r]|^[\0-\x20\s]|[\0-\x20\s]$/

/**
 * Whether `url` may receive a bearer key: any `https:` URL, or `http:` to a loopback host only,
 * so that a key is never sent in clear text across a network.
 */
export function isSafeBaseURL(url: string): boolean {
  if (UNPARSED.test(url)) return false
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.username || parsed.password) return false
  return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))
}
