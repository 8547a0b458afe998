// `npm run test:runtimes [-- name...]`: runs the conformance scenarios and the examples on every
// runtime (or those whose names contain one of the arguments) against the built package, prints a
// table runtime × passed/failed with the time each took, and exits 1 when any check failed.
import { rm } from 'node:fs/promises'
import { guard } from './lib/checks.mjs'
import { stageConsumer } from './lib/consumer.mjs'
import { startMockHub } from './lib/mock-hub.mjs'
import { installTool } from './lib/tools.mjs'
import { chromiumRow } from './rows/chromium.mjs'
import { chromiumAiSdkRow } from './rows/chromium-ai-sdk.mjs'
import { cliRows } from './rows/cli-runtimes.mjs'
import { workerdRow } from './rows/workerd.mjs'

const ALL_ROWS = [...cliRows, workerdRow, chromiumRow, chromiumAiSdkRow]
const filters = process.argv.slice(2).map((arg) => arg.toLowerCase())
const rows = filters.length ? ALL_ROWS.filter((row) => filters.some((filter) => row.name.toLowerCase().includes(filter))) : ALL_ROWS
const seconds = (since) => ((performance.now() - since) / 1000).toFixed(1)

const started = performance.now()
const tools = [...new Set(rows.flatMap((row) => row.tools))]
const installs = await Promise.allSettled(tools.map((tool) => installTool(tool)))
installs.forEach((result, index) => result.status === 'rejected' && console.error(`installing ${tools[index]} failed: ${result.reason.message}`))
console.error(`tools ready (${tools.join(', ')}) in ${seconds(started)} s`)

const consumer = await stageConsumer(['node', 'deno', 'bun', 'cloudflare-worker', 'browser'])
const hub = await startMockHub()
const results = []
try {
  for (const row of rows) {
    const rowStarted = performance.now()
    const result = await guard(`${row.name} runner`, () => row.run({ consumer, hubURL: hub.url }))
    const { version = '?', checks } = Array.isArray(result) ? { checks: result } : result
    const failed = checks.filter((check) => !check.ok)
    results.push({ name: row.name, version, passed: checks.length - failed.length, failed, time: seconds(rowStarted) })
    console.error(`${row.name}: ${checks.length - failed.length} passed, ${failed.length} failed (${seconds(rowStarted)} s)`)
  }
} finally {
  await hub.close()
  await rm(consumer, { recursive: true, force: true })
}

const table = [['runtime', 'version', 'passed', 'failed', 'time (s)'], ...results.map((r) => [r.name, r.version, r.passed, r.failed.length, r.time])]
const widths = table[0].map((_, column) => Math.max(...table.map((line) => String(line[column]).length)))
console.log('')
for (const line of table) console.log(line.map((cell, column) => String(cell).padEnd(widths[column])).join('  '))
console.log(`\nwhole matrix: ${seconds(started)} s`)
for (const { name, failed } of results) {
  for (const check of failed) console.log(`\nFAILED ${name} · ${check.name}${check.detail ? `\n${check.detail}` : ''}`)
}
const ok = results.length > 0 && results.every((r) => r.failed.length === 0 && r.passed > 0)
process.exit(ok ? 0 : 1)
