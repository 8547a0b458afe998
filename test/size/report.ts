import { gzipSync } from 'node:zlib'
import { BUNDLERS, COMPLETION_FUNCTIONS, PAGE_FUNCTIONS, PUBLIC_FUNCTIONS, bundleApp, packageOf, type AppBundle } from './bundle-app'

// `npm run size`: the size of a browser app that imports one public function, bundled from dist/
// with esbuild and with rollup, minified, then gzipped at level 9. Exits 1 when a budget is broken.

/**
 * Most gzipped bytes (16 KiB) an app importing one v0 request function may carry, all dependencies
 * included: about half of what the generated SDK's does (30.5 KB); test/bench/README.md says what the
 * bytes buy.
 */
// It guards against regressions; it is never a reason to drop a dependency or hand-write what one does.
const GZIP_BUDGET_BYTES = 16 * 1024

/**
 * The same for v1's `createChatCompletion` (18 KiB): OpenAI's request (four roles, tools, tool choice),
 * the built-in tools' definitions and argument schemas, and tool-call assembly cost more than the v0
 * code they replace (test/bench/README.md has the breakdown).
 */
const COMPLETION_GZIP_BUDGET_BYTES = 18 * 1024

/**
 * Most gzipped bytes a page that imports only `readChatEvents` may carry: it reads its own server's
 * stream, so it needs neither the request path nor the transport.
 */
const PAGE_GZIP_BUDGET_BYTES = 9 * 1024

/** What a page reading its own server's stream must never carry: the transport and the request path. */
const REQUEST_PATH = /node_modules\/(ofetch|ufo|destr)\/|function (createTransport|buildRequest|streamCall)\(|\/v0\/chat_sessions/

/** Modules that must never reach an app that imports only a public function. */
const FORBIDDEN_MODULE = /dist\/testing|node-fetch-native|^node:/

const formatBytes = (bytes: number): string => bytes.toLocaleString('en-US')

/** Returns what is wrong with one bundle: over budget, a forbidden module, collectChatResult kept. */
function problemsOf(bundle: AppBundle, name: string, gzipBytes: number, budget: number): string[] {
  const problems: string[] = []
  if (gzipBytes > budget) problems.push(`${formatBytes(gzipBytes)} bytes gzipped, over the budget of ${formatBytes(budget)}`)
  for (const module of bundle.modules.filter((module) => FORBIDDEN_MODULE.test(module.path))) problems.push(`contains ${module.path}`)
  if (bundle.code.includes('function collectChatResult')) problems.push('contains collectChatResult')
  if (!new RegExp(`function\\*? ${name}\\(`).test(bundle.code)) problems.push(`does not contain ${name}: the measurement is broken`)
  const requestPath = (PAGE_FUNCTIONS as string[]).includes(name) && [...bundle.modules.map((module) => module.path), bundle.code].find((text) => REQUEST_PATH.test(text))
  if (requestPath) problems.push(`contains the request path or the transport: ${REQUEST_PATH.exec(requestPath)![0]}`)
  return problems
}

/** What the breakdown calls this package's own modules (dist/), to set them apart from its dependencies. */
const OWN_CODE = '@inkeep/chat-api (own code)'
/** What `packageOf` returns for a module outside node_modules. */
const OWN_PACKAGE = packageOf('dist/index.mjs')

/** Returns "pkg bytes (share) · pkg bytes (share)", this package's own code first, then dependencies by size. */
function breakdownOf(bundle: AppBundle): string {
  const byPackage = new Map<string, number>()
  for (const module of bundle.modules) {
    const name = packageOf(module.path) === OWN_PACKAGE ? OWN_CODE : packageOf(module.path)
    byPackage.set(name, (byPackage.get(name) ?? 0) + module.bytes)
  }
  const total = [...byPackage.values()].reduce((sum, bytes) => sum + bytes, 0)
  return [...byPackage]
    .sort((a, b) => Number(b[0] === OWN_CODE) - Number(a[0] === OWN_CODE) || b[1] - a[1])
    .map(([name, bytes]) => `${name} ${formatBytes(bytes)} (${Math.round((100 * bytes) / total)}%)`)
    .join(' · ')
}

const rows: string[][] = [['bundler', 'function', 'minified', 'gzip', 'budget']]
const breakdowns: string[] = []
const failures: string[] = []
for (const bundler of BUNDLERS) {
  for (const name of [...PUBLIC_FUNCTIONS, ...COMPLETION_FUNCTIONS, ...PAGE_FUNCTIONS]) {
    const bundle = await bundleApp(bundler, name)
    const minifiedBytes = Buffer.byteLength(bundle.minified)
    const gzipBytes = gzipSync(bundle.minified, { level: 9 }).length
    const budget = (PAGE_FUNCTIONS as string[]).includes(name)
      ? PAGE_GZIP_BUDGET_BYTES
      : (COMPLETION_FUNCTIONS as string[]).includes(name)
        ? COMPLETION_GZIP_BUDGET_BYTES
        : GZIP_BUDGET_BYTES
    const problems = problemsOf(bundle, name, gzipBytes, budget)
    rows.push([bundler, name, formatBytes(minifiedBytes), formatBytes(gzipBytes), `${formatBytes(budget)} ${problems.length ? 'FAIL' : 'ok'}`])
    breakdowns.push(`  ${bundler} ${name} (${bundle.moduleBytes} bytes): ${breakdownOf(bundle)}`)
    failures.push(...problems.map((problem) => `${bundler} bundle of ${name}: ${problem}`))
  }
}

const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)))
console.log('Browser app importing one function from dist/, minified, gzip -9; budgets in bytes gzipped\n')
for (const row of rows) console.log(row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '))
console.log(`\nBy package, before gzip; own code is this package's modules from dist/:\n${breakdowns.join('\n')}`)
if (failures.length) {
  console.error(`\n${failures.join('\n')}`)
  process.exitCode = 1
}
