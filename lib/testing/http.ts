export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, accept',
  'access-control-expose-headers': 'retry-after',
}

/**
 * Answers a CORS preflight allowing whatever headers it asks for, so a page whose hook adds one (a
 * `traceparent`, say, or openai-node's `x-stainless-*`) can call the mock; without
 * `Access-Control-Request-Headers`, the client's own.
 */
export function preflight(request: Request): Response {
  const requested = request.headers.get('access-control-request-headers')
  if (!requested) return new Response(null, { status: 204, headers: CORS_HEADERS })
  const headers = { ...CORS_HEADERS, 'access-control-allow-headers': requested, vary: 'access-control-request-headers' }
  return new Response(null, { status: 204, headers })
}

/** Returns a JSON response that browsers may read. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { ...CORS_HEADERS, 'content-type': 'application/json', ...headers } })
