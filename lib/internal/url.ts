/** Whether `hostname` (as `URL#hostname` spells it) names this machine. */
export const isLoopbackHost = (hostname: string): boolean => /^((.+\.)?localhost|\[::1\]|127(\.\d{1,3}){3})$/.test(hostname)

/**
 * Whether `url` may receive a bearer key: any `https:` URL, or `http:` to a loopback host only,
 * so that a key is never sent in clear text across a network.
 */
export function isSafeBaseURL(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.username || parsed.password || parsed.search || parsed.hash) return false
  return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))
}
