import { describe, expect, it } from 'vitest'
import { BUNDLERS, PUBLIC_FUNCTIONS, bundleApp, packageOf, type PublicFunction } from '../size/bundle-app'

// Text that only one function's input schema holds, so it shows whether the other schema was dropped.
const ONLY_IN_SCHEMA_OF: Record<PublicFunction, string> = {
  createChatSession: 'chat_mode',
  continueChatSession: 'must not be "." or ".."',
}
const other = (name: PublicFunction): PublicFunction => PUBLIC_FUNCTIONS.find((candidate) => candidate !== name)!

describe.each(BUNDLERS)('a browser app bundled by %s', (bundler) => {
  it.each(PUBLIC_FUNCTIONS)('importing only %s keeps the client, its three dependencies and ofetch’s own two, nothing else', async (name) => {
    const { modules } = await bundleApp(bundler, name)
    const packages = [...new Set(modules.map((module) => packageOf(module.path)))].sort()
    expect(packages).toEqual(['@inkeep/chat-api', 'destr', 'eventsource-parser', 'ofetch', 'ufo', 'valibot'])
    expect(modules.map((module) => module.path).filter((path) => /dist\/testing|node-fetch-native|^node:/.test(path))).toEqual([])
  })

  it.each(PUBLIC_FUNCTIONS)('importing only %s leaves out collectChatResult and the other function with its input schema', async (name) => {
    const { code } = await bundleApp(bundler, name)
    expect(code).toContain(`function ${name}(`)
    expect(code).not.toContain(`function ${other(name)}(`)
    expect(code).not.toContain('function collectChatResult(')
    expect(code).not.toContain(ONLY_IN_SCHEMA_OF[other(name)])
    expect(code).toContain(ONLY_IN_SCHEMA_OF[name])
  })
})
