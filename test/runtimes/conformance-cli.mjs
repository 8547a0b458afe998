// Command-line entry for runtimes with a process (Node, Deno, Bun): `<runtime> conformance-cli.mjs [hubURL]`.
// Exits 1 when a scenario failed.
import { runConformance } from './conformance.mjs'

const args = globalThis.Deno?.args ?? globalThis.process.argv.slice(2)
const { failed } = await runConformance({ hubURL: args[0] })
const code = failed > 0 ? 1 : 0
if (globalThis.Deno) globalThis.Deno.exit(code)
else globalThis.process.exit(code)
