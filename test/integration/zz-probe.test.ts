import { it } from 'vitest'
import { createChatSession } from '../../lib/index'
import { drain } from '../helpers/drain'
import { createInput, startMockServer, TEST_KEY } from '../helpers/server'

it('probe', async () => {
  for (let i = 0; i < 5; i++) {
  const server = await startMockServer({ answer: { text: 'abcdefghijklmnopqrstuvwxyz', chunkSize: 5, delayMs: 20 }, fault: { type: 'drop', afterEvents: 3 } })
  const events = await drain(createChatSession({ apiKey: TEST_KEY, baseURL: server.url }, createInput()))
  console.log(JSON.stringify(events), server.mock.requests.length, await Promise.all(server.mock.requests.map(r => r.stream?.ended)), server.mock.requests.map(r=>r.stream?.sentEvents))
  }
})
