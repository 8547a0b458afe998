/** Runs the clients over one workload in alternating order and keeps each run's time and heap. */
import { getHeapStatistics } from 'node:v8'
import type { ReadWorkload } from './clients'
import { DEADLINE_MESSAGE, responseOf, type AnswerTally, type Tally, type Workload } from './workloads'

export interface Contender {
  name: string
  read: ReadWorkload
  /** Timed runs at most (the slow generated SDK gets fewer on large workloads). @default every round */
  maxRuns?: number | undefined
  /** A run is cut off after this many ms and reported as "over". @default none */
  capMs?: number | undefined
}

/** Milliseconds of each timed run; `capped` when a run hit its contender's cap. */
export interface Timings {
  runs: number[]
  capped?: number | undefined
}

export interface HeapUse {
  /** Largest heap in use while reading, above the heap in use before, in bytes. */
  peakBytes: number
  /** Heap still in use after the run and a full GC, above the heap in use before, in bytes. */
  retainedBytes: number
}

const collectGarbage = (): void => {
  if (typeof globalThis.gc !== 'function') throw new Error('run the benchmark with node --expose-gc')
  globalThis.gc()
  globalThis.gc()
}

const sameTally = (read: Tally | AnswerTally, expected: Tally): boolean =>
  (!('events' in read) || read.events === expected.events) && read.characters === expected.characters && read.citations === expected.citations

/**
 * One run; `undefined` when it hit the cap. Throws when it read something else. No forced GC before
 * it: after `gc()` V8 shrinks the young generation, and the next run of any client took 2-3 times
 * longer, more so for the one that allocates more, which is not how an application runs.
 */
async function timeOne(contender: Contender, workload: Workload): Promise<number | undefined> {
  const started = performance.now()
  const deadline = contender.capMs === undefined ? undefined : started + contender.capMs
  try {
    const tally = await contender.read(() => responseOf(workload, { deadline }))
    const elapsed = performance.now() - started
    if (!sameTally(tally, workload.expected)) {
      throw new Error(`${contender.name} read ${JSON.stringify(tally)} from "${workload.name}", expected ${JSON.stringify(workload.expected)}`)
    }
    return elapsed
  } catch (error) {
    if (String(error).includes(DEADLINE_MESSAGE) || String((error as { cause?: unknown }).cause).includes(DEADLINE_MESSAGE)) return undefined
    throw error
  }
}

/**
 * Runs every contender once per round, rotating who goes first and in which direction, so that none
 * always runs on a warm or a cold heap or after the same other contender; warm-up rounds are not kept. A contender stops after its first capped run.
 */
export async function timeWorkload(workload: Workload, contenders: Contender[], rounds: number, warmup: number): Promise<Map<string, Timings>> {
  const timings = new Map(contenders.map((contender) => [contender.name, { runs: [] } as Timings]))
  for (let round = -warmup; round < rounds; round++) {
    const turn = round + warmup
    const shift = turn % contenders.length
    const rotated = [...contenders.slice(shift), ...contenders.slice(0, shift)]
    // Every other cycle runs in reverse, so each contender follows each other one equally often: the
    // run before leaves garbage behind, and a fixed order made one client always pay for another's.
    const order = Math.floor(turn / contenders.length) % 2 === 0 ? rotated : rotated.reverse()
    for (const contender of order) {
      const own = timings.get(contender.name)!
      if (own.capped !== undefined || own.runs.length >= (contender.maxRuns ?? rounds)) continue
      // Warm-up runs are skipped for capped contenders: one of their runs can take seconds.
      if (round < 0 && contender.capMs !== undefined) continue
      // A contender with fewer runs spreads them over the rounds, so that all are timed under the same load.
      if (round >= 0 && round % Math.ceil(rounds / (contender.maxRuns ?? rounds)) !== 0) continue
      const elapsed = await timeOne(contender, workload)
      if (elapsed === undefined) own.capped = contender.capMs
      else if (round >= 0) own.runs.push(elapsed)
    }
  }
  return timings
}

/** One run that samples the heap before every slice; needs `--expose-gc`. */
export async function measureHeap(contender: Contender, workload: Workload): Promise<HeapUse> {
  collectGarbage()
  const before = getHeapStatistics().used_heap_size
  let peak = before
  const onSlice = (): void => {
    const used = getHeapStatistics().used_heap_size
    if (used > peak) peak = used
  }
  const tally = await contender.read(() => responseOf(workload, { onSlice }))
  if (!sameTally(tally, workload.expected)) throw new Error(`${contender.name} read ${JSON.stringify(tally)} from "${workload.name}"`)
  collectGarbage()
  return { peakBytes: peak - before, retainedBytes: getHeapStatistics().used_heap_size - before }
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
