/**
 * `npm run bench`: this package, the generated SDK `@inkeep/ai-api`, the practical-limit loop and the
 * same loop behind a bare async generator, over the same bytes, in one process, alternating; the same
 * for the v1 answer, with openai-node as the peer; then the cold start, in fresh processes. Prints
 * medians, ratios and the targets. test/bench/README.md describes the method.
 * Run with `node --expose-gc` (the npm script does): heap figures and clean-heap runs need it.
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { readWithChatApi, readWithGeneratedSdk, readWithParserGenerator, readWithParserLoop } from './clients'
import { formatColdStart, measureColdStart } from './cold-start'
import {
  readCompletionWithParserGenerator,
  readCompletionWithParserLoop,
  readWithCreateChatCompletion,
  readWithOpenAICreate,
  readWithOpenAIStream,
} from './completion-clients'
import { typicalCompletion } from './completion-workload'
import { encoderTableLines, encoderTargetLines, measureEncoders, typicalAnswerEvents } from './encode'
import { measureFirstEvent } from './first-event'
import { measureHeap, median, timeWorkload, type Contender, type HeapUse, type Timings } from './measure'
import { largeEvent, longStream, oneEventAnswer, responseOf, typicalAnswer, type Workload } from './workloads'

const OURS = 'chat-api'
const SDK = 'generated SDK'
const LIMIT = 'limit'
const FLOOR = 'generator floor'
const OPENAI_CREATE = 'openai-node create()'
const OPENAI_STREAM = 'openai-node stream()'

/** Large events take the SDK seconds (its buffering is quadratic): a few runs, each cut off at the cap. */
const contenders = (sdkRuns: number, sdkCapMs?: number): Contender[] => [
  { name: OURS, read: readWithChatApi },
  { name: SDK, read: readWithGeneratedSdk, maxRuns: sdkRuns, capMs: sdkCapMs },
  { name: LIMIT, read: readWithParserLoop },
  { name: FLOOR, read: readWithParserGenerator },
]

/** The v1 answer: `createChatCompletion`, openai-node read chunk by chunk and assembled, and v1's limit and floor. */
const completionContenders: Contender[] = [
  { name: OURS, read: readWithCreateChatCompletion },
  { name: OPENAI_CREATE, read: readWithOpenAICreate },
  { name: OPENAI_STREAM, read: readWithOpenAIStream },
  { name: LIMIT, read: readCompletionWithParserLoop },
  { name: FLOOR, read: readCompletionWithParserGenerator },
]

interface Row {
  workload: Workload
  timings: Map<string, Timings>
}

const ms = (value: number): string => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2))
const medianOf = (row: Row, name: string): number => median(row.timings.get(name)!.runs)
const sdkCell = (row: Row): string => {
  const { runs, capped } = row.timings.get(SDK)!
  return capped !== undefined ? `over ${ms(capped / 1000)} s` : `${ms(median(runs))} ms`
}
const mib = (bytes: number, digits = 1): string => `${(bytes / 1024 / 1024).toFixed(digits)} MiB`
const signedMs = (value: number): string => `${value < 0 ? '−' : '+'}${ms(Math.abs(value))} ms`
const microseconds = (milliseconds: number): string => `${(milliseconds * 1000).toFixed(milliseconds >= 0.1 ? 0 : 1)} µs`
const check = (holds: boolean): string => (holds ? 'holds' : 'MISSED')

async function timeRow(workload: Workload, clients: Contender[], rounds: number, warmup: number): Promise<Row> {
  const started = performance.now()
  const timings = await timeWorkload(workload, clients, rounds, warmup)
  process.stderr.write(`  ${workload.name}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
  return { workload, timings }
}

const HEAP_ONLY = '--heap-only'
const STREAM_MEGABYTES = 100

/**
 * Heap use of each client over the 100 MB stream, one run each, after a warm-up run so that code
 * compiled on first use is not counted as retained.
 */
async function measureStreamHeap(names: string[]): Promise<Map<string, HeapUse>> {
  const heap = new Map<string, HeapUse>()
  const warmUp = typicalAnswer(16 * 1024)
  for (const contender of contenders(1).filter(({ name }) => names.includes(name))) {
    await contender.read(() => responseOf(warmUp))
    heap.set(contender.name, await measureHeap(contender, longStream(STREAM_MEGABYTES)))
  }
  return heap
}

/**
 * The same heap runs in a child process whose young generation is held to 1 MiB: with V8's default
 * (up to 16 MiB on 64-bit), garbage that no scavenge has freed yet hides what a client keeps.
 */
function measureStreamHeapWithSmallYoungGeneration(): Map<string, HeapUse> {
  const script = fileURLToPath(import.meta.url)
  const output = execFileSync(process.execPath, ['--expose-gc', '--max-semi-space-size=1', script, HEAP_ONLY], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  return new Map(JSON.parse(output) as Array<[string, HeapUse]>)
}

async function main(): Promise<void> {
  const started = performance.now()
  process.stderr.write(`Benchmarking on Node ${process.version}…\n`)
  const typical = await timeRow(typicalAnswer(16 * 1024), contenders(30), 120, 30)
  const small = await timeRow(typicalAnswer(64), contenders(30), 120, 30)
  const oneMiB = await timeRow(largeEvent(1), contenders(2, 10_000), 31, 5)
  const eightMiB = await timeRow(largeEvent(8), contenders(1, 10_000), 11, 2)
  const stream = await timeRow(longStream(STREAM_MEGABYTES), contenders(1, 20_000), 9, 1)
  // A call takes tens of µs: more warm-up than the other rows, so that the JIT has settled, and enough calls for a steady median.
  const oneCall = await timeRow(oneEventAnswer(), contenders(3000), 3000, 500)
  const heap = await measureStreamHeap([OURS, SDK, LIMIT, FLOOR])
  const liveHeap = measureStreamHeapWithSmallYoungGeneration()
  const firstEvent = await measureFirstEvent(200, 20)
  const encoding = await measureEncoders(await typicalAnswerEvents())
  // Last in this process: openai-node, loaded by its first run, stays loaded (see completion-clients.ts).
  const completion = await timeRow(typicalCompletion(16 * 1024), completionContenders, 120, 30)
  const coldStarted = performance.now()
  const coldStart = await measureColdStart(15)
  process.stderr.write(`  cold start: ${((performance.now() - coldStarted) / 1000).toFixed(1)} s\n`)

  const lines = [
    `Node ${process.version}, ${process.platform}/${process.arch}; medians of alternating runs, in-memory body, same bytes for all.`,
    '',
    `| workload | ${OURS} | ${SDK} | ${LIMIT} | ${FLOOR} | ${OURS}/${LIMIT} | ${OURS}/floor | floor/${LIMIT} | SDK/${OURS} |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ]
  const timingLine = (row: Row): string => {
    const ours = medianOf(row, OURS)
    const limit = medianOf(row, LIMIT)
    const floor = medianOf(row, FLOOR)
    const sdk = row.timings.get(SDK)!
    const sdkRatio = sdk.capped !== undefined ? `over ${(sdk.capped / ours).toFixed(0)}×` : `${(median(sdk.runs) / ours).toFixed(1)}×`
    return (
      `| ${row.workload.name} (${row.workload.description}) | ${ms(ours)} ms | ${sdkCell(row)} | ${ms(limit)} ms | ${ms(floor)} ms | ` +
      `${(ours / limit).toFixed(2)}× | ${(ours / floor).toFixed(2)}× | ${(floor / limit).toFixed(2)}× | ${sdkRatio} |`
    )
  }
  // v1: openai-node in the SDK column, each of its two ways with its ratio to v1's generator floor.
  const v1 = (name: string): number => medianOf(completion, name)
  const v1Ratio = (name: string, to: string, digits = 2): string => `${(v1(name) / v1(to)).toFixed(digits)}×`
  const openAICell = (name: string, how: string): string => `${ms(v1(name))} ms, ${v1Ratio(name, FLOOR)} the floor (openai-node ${how})`
  lines.push(
    timingLine(typical),
    timingLine(small),
    `| ${completion.workload.name} (${completion.workload.description}) | ${ms(v1(OURS))} ms | ${openAICell(OPENAI_CREATE, 'create({ stream: true }), chunk by chunk')} | ` +
      `${ms(v1(LIMIT))} ms | ${ms(v1(FLOOR))} ms | ${v1Ratio(OURS, LIMIT)} | ${v1Ratio(OURS, FLOOR)} | ${v1Ratio(FLOOR, LIMIT)} | ${v1Ratio(OPENAI_CREATE, OURS, 1)} |`,
    `| ${completion.workload.name}, the answer assembled | | ${openAICell(OPENAI_STREAM, 'stream(), then finalChatCompletion()')} | | | | | | ${v1Ratio(OPENAI_STREAM, OURS, 1)} |`,
    ...[oneMiB, eightMiB, stream].map(timingLine),
  )
  const peak = (name: string, of = heap): string => mib(of.get(name)!.peakBytes)
  const retained = (name: string): string => `${(heap.get(name)!.retainedBytes / 1024).toFixed(0)} KiB`
  lines.push(`| 100 MB stream: peak heap above start, V8 defaults | ${peak(OURS)} | ${peak(SDK)} | ${peak(LIMIT)} | ${peak(FLOOR)} | | | | |`)
  lines.push(`| 100 MB stream: peak heap above start, 1 MiB young generation | ${peak(OURS, liveHeap)} | | ${peak(LIMIT, liveHeap)} | ${peak(FLOOR, liveHeap)} | | | | |`)
  lines.push(`| 100 MB stream: heap retained after the end | ${retained(OURS)} | ${retained(SDK)} | ${retained(LIMIT)} | ${retained(FLOOR)} | | | | |`)
  const oursFirst = median(firstEvent.chatApi)
  const bareFirst = median(firstEvent.bareFetch)
  lines.push(...encoderTableLines(encoding))
  lines.push(`| time to first event, loopback socket (${firstEvent.chatApi.length} runs each) | ${ms(oursFirst)} ms | | ${ms(bareFirst)} ms (bare fetch + createParser) | | ${signedMs(oursFirst - bareFirst)} | | | |`)
  const perCall = (name: string): number => medianOf(oneCall, name)
  const callRatio = (name: string, to: string): string => `${(perCall(name) / perCall(to)).toFixed(2)}×`
  lines.push(
    `| fixed cost of one call: ${oneCall.workload.name} through config.fetch, in memory (${oneCall.workload.description}; ${oneCall.timings.get(OURS)!.runs.length.toLocaleString('en-US')} calls each) | ` +
      `${microseconds(perCall(OURS))} | ${microseconds(perCall(SDK))} | ${microseconds(perCall(LIMIT))} | ${microseconds(perCall(FLOOR))} | ` +
      `${callRatio(OURS, LIMIT)} | ${callRatio(OURS, FLOOR)} | ${callRatio(FLOOR, LIMIT)} | ${callRatio(SDK, OURS)} |`,
  )
  const coldOurs = median(coldStart.chatApi)
  const coldBare = median(coldStart.bareFetch)
  const coldSdk = median(coldStart.sdk)
  lines.push(
    `| cold start: a fresh process imports the client and reads the first event, loopback socket (${coldStart.chatApi.length} processes each; median, fastest–slowest) | ` +
      `${formatColdStart(coldStart.chatApi)} | ${formatColdStart(coldStart.sdk)} | ${formatColdStart(coldStart.bareFetch)} (bare fetch + createParser) | | ` +
      `${signedMs(coldOurs - coldBare)} | | | ${(coldSdk / coldOurs).toFixed(2)}× |`,
  )

  const ratio = (row: Row, to = LIMIT): number => medianOf(row, OURS) / medianOf(row, to)
  const sdkTypical = median(typical.timings.get(SDK)!.runs) / medianOf(typical, OURS)
  const growth = (name: string): number => medianOf(eightMiB, name) / medianOf(oneMiB, name)
  const growthRatio = growth(OURS) / growth(LIMIT)
  const ourHeap = heap.get(OURS)!
  const ourLiveHeap = liveHeap.get(OURS)!
  const sliceTarget = (row: Row, label: string): string =>
    `- ${label} ≤ 1.3× the generator floor: ${ratio(row, FLOOR).toFixed(3)}× ${check(ratio(row, FLOOR) <= 1.3)} ` +
    `(${ratio(row).toFixed(3)}× the limit; the floor itself ${(medianOf(row, FLOOR) / medianOf(row, LIMIT)).toFixed(3)}×)`
  lines.push(
    '',
    'Targets:',
    sliceTarget(typical, 'typical answer'),
    sliceTarget(small, '64-byte slices'),
    sliceTarget(completion, 'v1 typical answer (createChatCompletion)'),
    `- 8 MiB ≤ 2× limit: ${ratio(eightMiB).toFixed(3)}× ${check(ratio(eightMiB) <= 2)}; ` +
      `8 MiB / 1 MiB time ≤ 1.25× the limit's own: ${growth(OURS).toFixed(2)}× against ${growth(LIMIT).toFixed(2)}×, ${growthRatio.toFixed(3)}× ${check(growthRatio <= 1.25)}`,
    `- 100 MB ≤ 1.5× limit: ${ratio(stream).toFixed(3)}× ${check(ratio(stream) <= 1.5)}; ` +
      `nothing retained (< 256 KiB): ${(ourHeap.retainedBytes / 1024).toFixed(0)} KiB ${check(ourHeap.retainedBytes < 256 * 1024)}`,
    `- first event within 1 ms of bare fetch + createParser: ${signedMs(oursFirst - bareFirst)} ${check(oursFirst - bareFirst <= 1)}`,
    ...encoderTargetLines(encoding),
    `- cold start, spawn to first event: ${ms(coldOurs)} ms, ${signedMs(coldOurs - coldBare)} (${(coldOurs / coldBare).toFixed(2)}×) over bare fetch + createParser; ` +
      `generated SDK ${ms(coldSdk)} ms: no target set`,
    `- fixed cost of one call: ${microseconds(perCall(OURS))}, ${callRatio(OURS, LIMIT)} the limit's ${microseconds(perCall(LIMIT))}: no target set`,
    '',
    'Not targets, for reference:',
    `- generated SDK / ${OURS} on the typical answer: ${sdkTypical.toFixed(2)}×`,
    `- openai-node on the v1 typical answer: create() read chunk by chunk ${ms(v1(OPENAI_CREATE))} ms, ${v1Ratio(OPENAI_CREATE, FLOOR)} the generator floor and ` +
      `${v1Ratio(OPENAI_CREATE, OURS)} createChatCompletion; stream() + finalChatCompletion() ${ms(v1(OPENAI_STREAM))} ms, ${v1Ratio(OPENAI_STREAM, FLOOR)} and ${v1Ratio(OPENAI_STREAM, OURS)}`,
    `- 100 MB peak heap: ${mib(ourHeap.peakBytes, 2)} with V8 defaults, ${mib(ourLiveHeap.peakBytes, 2)} with a 1 MiB young generation`,
    `- a fresh Node process that only prints a line, spawn to that line: ${formatColdStart(coldStart.bareNode)}`,
    '',
    `Total ${((performance.now() - started) / 1000).toFixed(0)} s.`,
  )
  process.stdout.write(`${lines.join('\n')}\n`)
}

if (process.argv.includes(HEAP_ONLY)) process.stdout.write(JSON.stringify([...(await measureStreamHeap([OURS, LIMIT, FLOOR]))]))
else await main()
