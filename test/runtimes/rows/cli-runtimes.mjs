// Rows for runtimes with a command line: Node 20 (this machine's), Node 22 and 24, Deno and Bun.
// Each runs the conformance script and its example inside the staged consumer project.
import { join } from 'node:path'
import { conformanceChecks, programCheck } from '../lib/checks.mjs'
import { runProcess } from '../lib/process.mjs'
import { installTool } from '../lib/tools.mjs'

// The examples must use the mock here, whatever the caller's environment holds.
const { INKEEP_API_KEY, INKEEP_INTEGRATION_ID, ...baseEnv } = process.env
const EXAMPLE_OUTPUT = ['You asked: "How do I get started with Inkeep?"', 'Sources:', 'https://docs.inkeep.com/overview']

async function versionOf(binary, args = ['--version']) {
  const { stdout } = await runProcess(binary, args)
  return stdout.split('\n')[0].trim()
}

function nodeRow(name, tool) {
  return {
    name,
    tools: tool ? [tool] : [],
    async run({ consumer, hubURL }) {
      const node = tool ? await installTool(tool) : process.execPath
      const options = { cwd: consumer, env: baseEnv }
      return {
        version: await versionOf(node),
        checks: [
          ...conformanceChecks(await runProcess(node, ['conformance-cli.mjs', hubURL], options)),
          programCheck('examples/node/main.mjs', await runProcess(node, ['examples/node/main.mjs'], options), EXAMPLE_OUTPUT),
        ],
      }
    },
  }
}

const deno = {
  name: 'Deno',
  tools: ['deno'],
  async run({ consumer, hubURL }) {
    const binary = await installTool('deno')
    // A fresh cache and an unreachable registry: every `npm:` import must come from node_modules.
    const env = { ...baseEnv, DENO_DIR: join(consumer, '.deno'), NPM_CONFIG_REGISTRY: 'http://127.0.0.1:9/', DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' }
    const options = { cwd: consumer, env }
    const local = ['--node-modules-dir=manual', '--cached-only']
    const example = 'examples/deno/main.ts'
    return {
      version: (await versionOf(binary)).split(' (')[0],
      checks: [
        ...conformanceChecks(await runProcess(binary, ['run', ...local, '--allow-net=127.0.0.1', 'conformance-cli.mjs', hubURL], options)),
        programCheck(`deno check ${example}`, await runProcess(binary, ['check', ...local, example], options), []),
        programCheck(
          example,
          await runProcess(binary, ['run', ...local, '--allow-net=127.0.0.1', '--allow-env=INKEEP_API_KEY,INKEEP_INTEGRATION_ID', example], options),
          EXAMPLE_OUTPUT,
        ),
      ],
    }
  },
}

const bun = {
  name: 'Bun',
  tools: ['bun'],
  async run({ consumer, hubURL }) {
    const binary = await installTool('bun')
    const options = { cwd: consumer, env: { ...baseEnv, BUN_INSTALL_CACHE_DIR: join(consumer, '.bun') } }
    return {
      version: `bun ${await versionOf(binary)}`,
      checks: [
        ...conformanceChecks(await runProcess(binary, ['--no-install', 'conformance-cli.mjs', hubURL], options)),
        programCheck('examples/bun/main.ts', await runProcess(binary, ['--no-install', 'examples/bun/main.ts'], options), EXAMPLE_OUTPUT),
      ],
    }
  },
}

export const cliRows = [nodeRow('Node 20', undefined), nodeRow('Node 22', 'node22'), nodeRow('Node 24', 'node24'), deno, bun]
