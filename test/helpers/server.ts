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

export { createInput, TEST_KEY } from './client'
