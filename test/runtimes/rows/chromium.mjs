// Chromium row: Debian's chromium driven by playwright-core. Runs examples/browser as a user would
// (node serve.mjs), checks what the page renders, then runs the conformance scenarios in that page,
// whose origin differs from the mock servers' (so every request is a CORS request).
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { bundleForWeb } from '../lib/bundle.mjs'
import { conformanceChecks, guard } from '../lib/checks.mjs'
import { ROOT } from '../lib/consumer.mjs'
import { startProcess } from '../lib/process.mjs'
import { installTool } from '../lib/tools.mjs'
import { pageChecks } from './chromium-page-checks.mjs'

const CHROMIUM = '/usr/bin/chromium'
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
const { INKEEP_API_KEY, INKEEP_INTEGRATION_ID, ...baseEnv } = process.env

export const chromiumRow = {
  name: 'Chromium',
  tools: ['playwright'],
  async run({ consumer, hubURL }) {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`)
    const { chromium } = await import(pathToFileURL(await installTool('playwright')).href)
    const conformanceBundle = join(consumer, 'conformance.browser.js')
    await bundleForWeb(join(consumer, 'conformance.mjs'), conformanceBundle, { conditions: ['browser'], format: 'iife', globalName: 'InkeepConformance' })
    const example = await startProcess(process.execPath, ['examples/browser/serve.mjs'], { cwd: ROOT, env: baseEnv, ready: /Open (http:\/\/127\.0\.0\.1:\d+\/)/ })
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS })
    try {
      const page = await browser.newPage()
      const pageErrors = []
      page.on('pageerror', (error) => pageErrors.push(error.message))
      await page.goto(example.match[1])
      const checks = await guard('page: the example', () => pageChecks(page))
      const output = await guard('page: conformance run', async () => {
        await page.addScriptTag({ content: await readFile(conformanceBundle, 'utf8') })
        const lines = await page.evaluate(async (hub) => {
          const printed = []
          await globalThis.InkeepConformance.runConformance({ hubURL: hub, print: (line) => printed.push(line) })
          return printed
        }, hubURL)
        return conformanceChecks({ code: 0, stdout: lines.join('\n'), stderr: '', timedOut: false })
      })
      checks.push(...output, { name: 'page: no uncaught errors', ok: pageErrors.length === 0, detail: pageErrors.join('\n') })
      return { version: `Chromium ${browser.version()}`, checks }
    } finally {
      await browser.close()
      await example.stop()
    }
  },
}
