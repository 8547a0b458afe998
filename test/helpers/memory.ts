import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

// A forced GC without restarting the test worker with --expose-gc: the flag may be turned on at run
// time, and a new context then sees the `gc` function it installs.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const MIB = 1024 * 1024

/** Heap in use (JS heap plus array buffers), in MiB, after garbage collection has settled. */
export async function heapAfterGc(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc()
    await new Promise((resolve) => setImmediate(resolve))
  }
  const { heapUsed, arrayBuffers } = process.memoryUsage()
  return (heapUsed + arrayBuffers) / MIB
}

/** Samples heap and RSS every `everyMs` until stopped; returns the peaks, in MiB. */
export function samplePeaks(everyMs = 10): () => { heapMiB: number; rssMiB: number } {
  let heap = 0
  let rss = 0
  const sample = (): void => {
    const usage = process.memoryUsage()
    heap = Math.max(heap, usage.heapUsed + usage.arrayBuffers)
    rss = Math.max(rss, usage.rss)
  }
  sample()
  const timer = setInterval(sample, everyMs)
  return () => {
    clearInterval(timer)
    sample()
    return { heapMiB: heap / MIB, rssMiB: rss / MIB }
  }
}

/** Counts the handles keeping the process alive, by kind (`TCPSocketWrap`, `Timeout`…). */
export function activeHandles(): Map<string, number> {
  const counts = new Map<string, number>()
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1)
  return counts
}

/** Lists the kinds of which there are more handles now than in `before`. */
export function handlesAbove(before: Map<string, number>): string[] {
  return [...activeHandles()].filter(([kind, count]) => count > (before.get(kind) ?? 0)).map(([kind, count]) => `${kind}: ${count}`)
}
