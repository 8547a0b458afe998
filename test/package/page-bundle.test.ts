import { describe, expect, it } from 'vitest'
import { BUNDLERS, bundleApp, packageOf } from '../size/bundle-app'

describe.each(BUNDLERS)('a page bundled by %s importing only readChatEvents', (bundler) => {
  it('keeps the reader and its two dependencies, without the request path or the transport', async () => {
    const { code, modules } = await bundleApp(bundler, 'readChatEvents')
    expect([...new Set(modules.map((module) => packageOf(module.path)))].sort()).toEqual(['@inkeep/chat-api', 'eventsource-parser', 'valibot'])
    expect(code).toMatch(/function\*? readChatEvents\(/)
    for (const absent of ['function createChatSession(', 'function streamCall(', 'function buildRequest(', 'function createTransport(', '/v0/chat_sessions', 'function toEventStream(']) {
      expect(code).not.toContain(absent)
    }
  })
})
