import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { oneAtATime, type BatchReader, type Drained } from '../../lib/internal/one-at-a-time'

type Operation = { call: 'next' | 'return' | 'throw'; awaited: boolean }

interface Script {
  /** The batches of each reader. */
  readers: number[][][]
  last: number | undefined
  /** The generator of readers throws instead of yielding this one. */
  failAt: number | undefined
  operations: Operation[]
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

/**
 * What the caller sees: each call's outcome, in the order they settle. (Exactly when `finally` runs
 * among the microtasks of concurrent calls is not compared: only that it ran, once.)
 */
async function observe(iterator: AsyncGenerator<number, void, undefined>, operations: Operation[], log: string[]): Promise<string[]> {
  const calls: Promise<void>[] = []
  operations.forEach(({ call, awaited }, index) => {
    const promise = call === 'next' ? iterator.next() : call === 'return' ? iterator.return() : iterator.throw(new Error(`thrown ${index}`))
    const settled = promise.then(
      (result) => void log.push(`${index} ${call} → ${JSON.stringify(result)}`),
      (error: Error) => void log.push(`${index} ${call} ✗ ${error.message}`),
    )
    calls.push(settled)
    if (awaited) calls.push(tick())
  })
  // Calls not awaited above run concurrently; wait for all of them in the order they were made.
  for (const call of calls) await call
  return log
}

/**
 * The reference: a native async generator yielding each item, then the last one, which (being the
 * generator's return value) comes after its clean-up has run.
 */
async function* itemByItem({ readers, last, failAt }: Script, log: string[]): AsyncGenerator<number, void, undefined> {
  try {
    for (const [index, batches] of readers.entries()) {
      await tick()
      if (index === failAt) throw new Error('readers failed')
      let delivered = 0
      for (const batch of batches) {
        await tick()
        for (const item of batch) {
          delivered++
          yield item
        }
      }
      log.push(`reader ${index} ended, ${delivered} delivered`)
    }
    await tick()
  } finally {
    log.push('finally')
  }
  if (last !== undefined) yield last
}

const readerOf = (batches: number[][]): BatchReader<number, 'done'> => {
  let read = 0
  return {
    read: async () => {
      await tick()
      read++
      return { messages: batches[read - 1] ?? [], end: read >= batches.length ? 'done' : undefined }
    },
  }
}

async function* readerByReader({ readers, last, failAt }: Script, log: string[]): AsyncGenerator<BatchReader<number, 'done'>, number | void, Drained<'done'>> {
  try {
    for (const [index, batches] of readers.entries()) {
      await tick()
      if (index === failAt) throw new Error('readers failed')
      const { end, delivered } = yield readerOf(batches)
      expect(end).toBe('done')
      log.push(`reader ${index} ended, ${delivered} delivered`)
    }
    await tick()
    return last
  } finally {
    log.push('finally')
  }
}

const script: fc.Arbitrary<Script> = fc.record({
  readers: fc.array(fc.array(fc.array(fc.nat(99), { maxLength: 4 }), { maxLength: 3 }), { maxLength: 3 }),
  last: fc.option(fc.constant(100), { nil: undefined }),
  failAt: fc.option(fc.nat(4), { nil: undefined }),
  operations: fc.array(
    fc.record({ call: fc.constantFrom('next', 'next', 'next', 'next', 'return', 'throw'), awaited: fc.boolean() }),
    { minLength: 1, maxLength: 14 },
  ),
})

describe('oneAtATime', () => {
  it('behaves as a native async generator yielding each item: values, order, errors, return() and throw(), concurrent calls', async () => {
    await fc.assert(
      fc.asyncProperty(script, async (scenario) => {
        const reference: string[] = []
        const expected = await observe(itemByItem(scenario, reference), scenario.operations, [])
        const cleanups: string[] = []
        const actual = await observe(oneAtATime(readerByReader(scenario, cleanups), () => false), scenario.operations, [])
        expect(actual).toEqual(expected)
        expect(cleanups).toEqual(reference)
      }),
      { numRuns: 300 },
    )
  })

  it('leaves a reader once stale, with the rest of its batch, tells the generator so, and still hands out the last item', async () => {
    let stale = false
    const told: Drained<'done'>[] = []
    async function* readers(): AsyncGenerator<BatchReader<number, 'done'>, number, Drained<'done'>> {
      told.push(yield readerOf([[1, 2, 3], [4]]))
      return 100
    }
    const iterator = oneAtATime(readers(), () => stale)
    expect(await iterator.next()).toEqual({ value: 1, done: false })
    stale = true
    expect(await iterator.next()).toEqual({ value: 100, done: false })
    expect(told).toEqual([{ end: undefined, delivered: 1 }])
    expect(await iterator.next()).toEqual({ value: undefined, done: true })
  })

  it('looks like an async generator to the caller', () => {
    const scenario: Script = { readers: [], last: undefined, failAt: undefined, operations: [] }
    const iterator = oneAtATime(readerByReader(scenario, []), () => false)
    const native = itemByItem(scenario, [])
    expect(Object.prototype.toString.call(iterator)).toBe('[object AsyncGenerator]')
    expect(iterator[Symbol.asyncIterator]()).toBe(iterator)
    // `await using` works wherever it works for a native generator.
    const dispose = (Symbol as { asyncDispose?: symbol }).asyncDispose
    if (dispose) expect(dispose in iterator).toBe(dispose in native)
  })
})
