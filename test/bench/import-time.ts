import { spawnSync } from 'node:child_process'
import { median } from './measure'

/** One way of starting Node: `-e` code and its module type. */
interface Start {
  name: string
  type: 'module' | 'commonjs'
  code: string
}

const STARTS: Start[] = [
  { name: 'bare node', type: 'module', code: '' },
  // What any first request loads anyway: Node's built-in fetch, on first use of one of its globals.
  { name: 'bare node, reading globalThis.Headers', type: 'module', code: 'globalThis.Headers' },
  { name: 'chat-api, import', type: 'module', code: "await import('@inkeep/chat-api')" },
  { name: 'chat-api, require', type: 'commonjs', code: "require('@inkeep/chat-api')" },
  { name: 'generated SDK, import', type: 'module', code: "await import('@inkeep/ai-api')" },
]

export interface ImportTime {
  name: string
  /** Median wall time of a whole process, start to exit, in ms. */
  processMs: number
  /** `processMs` minus bare Node's. */
  importMs: number
  runs: number
}

const timeProcess = (start: Start, cwd: string): number => {
  const started = performance.now()
  const { status, stderr } = spawnSync(process.execPath, [`--input-type=${start.type}`, '-e', start.code], { cwd, encoding: 'utf8' })
  if (status !== 0) throw new Error(`${start.name} failed: ${stderr}`)
  return performance.now() - started
}

/**
 * Returns what importing the built package costs a fresh Node process, beside the generated SDK:
 * the median wall time of `runs` processes per row, alternating rows, minus bare Node's.
 * `cwd` is the package's directory, with `dist/` built: the package is imported by its own name.
 */
export function measureImportTime(runs = 25, cwd = process.cwd()): ImportTime[] {
  const times = new Map(STARTS.map((start) => [start.name, [] as number[]]))
  for (const start of STARTS) timeProcess(start, cwd)
  for (let run = 0; run < runs; run++) for (const start of STARTS) times.get(start.name)!.push(timeProcess(start, cwd))
  const bare = median(times.get('bare node')!)
  return STARTS.map(({ name }) => ({ name, processMs: median(times.get(name)!), importMs: median(times.get(name)!) - bare, runs }))
}

/** The rows as a Markdown table, for `npm run bench`. */
export function formatImportTime(rows: ImportTime[]): string {
  const lines = [`| fresh Node process (${rows[0]?.runs} runs each, median) | whole process | import, bare Node subtracted |`, '|---|---:|---:|']
  for (const row of rows) lines.push(`| ${row.name} | ${row.processMs.toFixed(1)} ms | ${row.name === 'bare node' ? '' : `${row.importMs.toFixed(1)} ms`} |`)
  return `\n${lines.join('\n')}\n`
}
