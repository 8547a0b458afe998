// What the route handlers under app/api read from the environment (app/api/inkeep-config.ts; Next.js
// serves only the route.ts files of app/, so this one stays private to the server).
import type { ChatConfig } from '@inkeep/chat-api'

/**
 * The value of environment variable `name`; throws naming it when it is unset or empty. Call it in the
 * handler, not when the module loads: `next build` loads every route to collect its configuration,
 * often without the server's secrets. A missing variable fails the request with its name in the
 * server's log; with `?? ''` or `!`, it would only show as an error in every answer.
 */
export function requiredEnv(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`Missing environment variable ${name}`)
  return value
}

/** The config the routes call Inkeep with: INKEEP_API_KEY, and INKEEP_BASE_URL (a mock server) when set. */
export function inkeepConfig(): ChatConfig {
  return { apiKey: requiredEnv('INKEEP_API_KEY'), baseURL: process.env.INKEEP_BASE_URL || undefined }
}
