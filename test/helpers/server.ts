import { afterEach } from 'vitest'
import { serveMockInkeep, type MockInkeepServer, type ServeMockInkeepOptions } from '../../lib/testing/node'

const running: MockInkeepServer[] = []

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()))
})

/** Starts the package's mock server on 127.0.0.1 (a free port); it is closed after the test. */
export async function startMockServer(options: ServeMockInkeepOptions = {}): Promise<MockInkeepServer> {
  const server = await serveMockInkeep(options)
  running.push(server)
  return server
}

export const TEST_KEY = 'sk-test-0123456789abcdef'

export const createInput = (content = 'How do I get started?') => ({
  integrationId: 'integration-1',
  chatSession: { messages: [{ role: 'user' as const, content }] },
})
