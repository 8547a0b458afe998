import * as v from 'valibot'

// A chat session id lets whoever holds it continue that session, and the API then answers with
// the session's earlier messages in mind: a browser that names another user's id can read that user's
// conversation back. A route that continues sessions named by its pages therefore signs each id it
// hands out, and continues only ids whose signature it made. HMAC-SHA-256 through WebCrypto, which
// every runtime the package supports has (https://w3c.github.io/webcrypto/#hmac).

/** Shortest secret accepted: 32 characters, such as 16 random bytes in hex or 24 in base64. */
export const MIN_SESSION_SECRET_LENGTH = 32

/** What `sessionSecret` must be, after its path: `options.sessionSecret must be …`. */
export const SESSION_SECRET_RULE = `must be a string of at least ${MIN_SESSION_SECRET_LENGTH} characters`

/** Whether `value` is a usable `sessionSecret`; for code that must not carry valibot, such as `toUIMessageStream`. */
export const isSessionSecret = (value: unknown): value is string => typeof value === 'string' && value.length >= MIN_SESSION_SECRET_LENGTH

/** What `sessionSecret` must be where options are parsed with valibot. */
export const SessionSecretSchema = /* @__PURE__ */ (() => v.custom<string>(isSessionSecret, SESSION_SECRET_RULE))()

/** Prefixed to the id before signing, so that a signature made with the same secret for anything else never passes. */
const SIGNED_PREFIX = 'inkeep-chat-session-id:'

const encoder = /* @__PURE__ */ new TextEncoder()

const importSecret = (secret: string): Promise<CryptoKey> =>
  crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])

const toBase64Url = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

/** The bytes of an unpadded base64url text, or `undefined` when it is not one. */
function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[\w-]*$/.test(text)) return undefined
  try {
    return Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0))
  } catch {
    return undefined
  }
}

/**
 * Returns the signature of `chatSessionId` under `secret` (base64url, 43 characters), which the relays
 * write beside the id when given a `sessionSecret`, already checked against `SessionSecretSchema`.
 */
export async function signChatSessionId(secret: string, chatSessionId: string): Promise<string> {
  const signature = await crypto.subtle.sign('HMAC', await importSecret(secret), encoder.encode(SIGNED_PREFIX + chatSessionId))
  return toBase64Url(new Uint8Array(signature))
}

/**
 * Whether `signature` is the signature of `chatSessionId` under `secret`: `false` for anything that is
 * not, including values of the wrong type, as a request body may hold anything. The comparison is
 * WebCrypto's own, which takes the same time wherever the signatures differ.
 *
 * @example
 * ```ts
 * const { chatSessionId, chatSessionSignature } = await request.json()
 * if (!(await verifyChatSessionId(secret, chatSessionId, chatSessionSignature))) return new Response(null, { status: 403 })
 * ```
 */
export async function verifyChatSessionId(secret: string, chatSessionId: unknown, signature: unknown): Promise<boolean> {
  if (typeof chatSessionId !== 'string' || typeof signature !== 'string' || !isSessionSecret(secret)) return false
  const bytes = fromBase64Url(signature)
  if (!bytes) return false
  return crypto.subtle.verify('HMAC', await importSecret(secret), bytes, encoder.encode(SIGNED_PREFIX + chatSessionId))
}
