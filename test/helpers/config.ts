import { parseConfig, resolveApiKey, type ResolvedConfig } from '../../lib/call/config'
import { invalidInputError, type InvalidInputError } from '../../lib/errors'
import { fail, type Result } from '../../lib/internal/result'
import type { CallOptions, ChatConfig } from '../../lib/index'

/** The config as a call resolves it: `parseConfig`, then `resolveApiKey`, or one `invalid_input`. */
export async function resolveConfig(config: ChatConfig, options: CallOptions = {}): Promise<Result<ResolvedConfig, InvalidInputError>> {
  const parsed = parseConfig(config, options)
  return parsed.ok ? resolveApiKey(parsed.value) : fail(invalidInputError(parsed.error))
}
