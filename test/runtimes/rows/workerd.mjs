// workerd row: bundles examples/cloudflare-worker and the conformance worker, serves both under
// workerd with a config whose only outbound network is loopback, then talks to them over HTTP.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { serveMockInkeep } from '@inkeep/chat-api/testing/node'
import { bundleForWeb } from '../lib/bundle.mjs'
import { conformanceChecks } from '../lib/checks.mjs'
import { freePort, waitForHTTP } from '../lib/net.mjs'
import { runProcess, startProcess } from '../lib/process.mjs'
import { installTool } from '../lib/tools.mjs'
import { proxyChecks, WORKER_KEY } from './workerd-proxy-checks.mjs'

const COMPATIBILITY_DATE = '2026-11-01'

function workerConfig({ name, bundle, bindings = {} }) {
  const texts = Object.entries(bindings).map(([key, value]) => `(name = ${JSON.stringify(key)}, text = ${JSON.stringify(value)})`)
  return `const ${name} :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed ${JSON.stringify(bundle)}) ],
  compatibilityDate = "${COMPATIBILITY_DATE}",

  globalOutbound = "loopback",
  bindings = [ ${texts.join(', ')} ],
);`
}

/** A capnp config: one socket per worker; "local" lets fetch() reach 127.0.0.0/8 and nothing else. */
function capnpConfig(workers) {
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    ${workers.map((w) => `(name = "${w.name}", worker = .${w.name}),`).join('\n    ')}
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [
    ${workers.map((w) => `(name = "${w.name}", address = "127.0.0.1:${w.port}", http = (), service = "${w.name}"),`).join('\n    ')}
  ],
);
${workers.map(workerConfig).join('\n')}
`
}

export const workerdRow = {
  name: 'workerd',
  tools: ['workerd'],
  async run({ consumer, hubURL }) {
    const binary = await installTool('workerd')
    await bundleForWeb(join(consumer, 'examples/cloudflare-worker/worker.mjs'), join(consumer, 'proxy.bundle.mjs'))
    await bundleForWeb(join(consumer, 'conformance-worker.mjs'), join(consumer, 'conformance.bundle.mjs'))
    const mock = await serveMockInkeep({ apiKey: WORKER_KEY, answer: { delayMs: 10 } })
    // Answers two events, then stays silent: only an abort of the call can end it.
    const stalledMock = await serveMockInkeep({ apiKey: WORKER_KEY, fault: { type: 'stall', afterEvents: 2 } })
    const env = { INKEEP_INTEGRATION_ID: 'worker-integration', INKEEP_BASE_URL: mock.url, CHAT_SESSION_SECRET: 'worker-session-secret-of-32-characters' }
    const workers = [
      { name: 'proxy', bundle: 'proxy.bundle.mjs', bindings: { ...env, INKEEP_API_KEY: WORKER_KEY } },
      { name: 'proxyWrongKey', bundle: 'proxy.bundle.mjs', bindings: { ...env, INKEEP_API_KEY: 'not-the-worker-key' } },
      // workerd notices that a client went away when it next writes: heartbeats every 50 ms give it the chance.
      { name: 'proxyStalled', bundle: 'proxy.bundle.mjs', bindings: { ...env, INKEEP_BASE_URL: stalledMock.url, INKEEP_API_KEY: WORKER_KEY, HEARTBEAT_MS: '50' } },
      { name: 'conformance', bundle: 'conformance.bundle.mjs' },
    ]
    for (const worker of workers) worker.port = await freePort()
    await writeFile(join(consumer, 'workerd.capnp'), capnpConfig(workers))
    const urls = Object.fromEntries(workers.map((w) => [w.name, `http://127.0.0.1:${w.port}`]))
    const workerd = await startProcess(binary, ['serve', 'workerd.capnp', '--verbose'], { cwd: consumer })
    try {
      await Promise.all(Object.values(urls).map((url) => waitForHTTP(url)))
      const response = await fetch(`${urls.conformance}/?hub=${encodeURIComponent(hubURL)}`)
      const stdout = await response.text()
      const conformance = conformanceChecks({ code: response.ok ? 0 : 1, stdout, stderr: workerd.output(), timedOut: false })
      return {
        version: (await runProcess(binary, ['--version'])).stdout.trim(),
        checks: [...conformance, ...(await proxyChecks(urls, mock, stalledMock))],
      }
    } finally {
      await workerd.stop()
      await mock.close()
      await stalledMock.close()
    }
  },
}
