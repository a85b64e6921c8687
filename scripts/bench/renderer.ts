// npm run bench:renderer [-- --runs 5] [-- --dir out/renderer]
// Builds the app (or takes a built renderer folder), then loads the renderer cold in headless
// Chromium several times against a scripted main and prints:
//   - the JavaScript fetched before any call, raw and gzip (budget: 200 kB gzip);
//   - navigation start → people screen usable, and the JS heap then (median, min, max).
import path from 'node:path'
import { parseArgs } from 'node:util'
import { launchChromium } from '../../tests/support/chromium'
import { buildRenderer, type RendererBuild } from '../../tests/support/harness/renderer-build'
import { serveStatic } from '../../tests/support/harness/static-server'
import { memberScenario } from '../../tests/browser/ui/support/fixtures'
import { summarize } from './e2e-stats'
import { measureFirstLoad, type LoadedFile } from './renderer-first-load'

const GZIP_BUDGET_BYTES = 200_000

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, dir: { type: 'string' } } })
const runs = Math.max(1, Number.parseInt(values.runs ?? '7', 10) || 7)

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`

async function main(): Promise<void> {
  let build: RendererBuild | null = null
  const root = values.dir ? path.resolve(values.dir) : (build = await buildRenderer()).dir
  const server = await serveStatic(root)
  const browser = await launchChromium()
  try {
    const usable: number[] = []
    const heap: number[] = []
    let scripts: LoadedFile[] = []
    let stylesheets: LoadedFile[] = []
    // One unmeasured load first: Chromium's own start-up is not the app's.
    await (await measureFirstLoad(browser, server.url, root, memberScenario())).page.context().close()
    for (let run = 0; run < runs; run++) {
      const result = await measureFirstLoad(browser, server.url, root, memberScenario())
      usable.push(result.usableMs)
      heap.push(result.heapUsedBytes)
      scripts = result.scripts
      stylesheets = result.stylesheets
      await result.page.context().close()
    }
    const raw = scripts.reduce((sum, file) => sum + file.bytes, 0)
    const gzip = scripts.reduce((sum, file) => sum + file.gzipBytes, 0)
    console.log(`Renderer first load (${runs} cold loads, headless Chromium, renderer from ${build ? 'a fresh electron-vite build' : root})`)
    console.log('JavaScript before any call:')
    for (const file of scripts) console.log(`  ${file.file}  ${kB(file.bytes)} raw, ${kB(file.gzipBytes)} gzip`)
    console.log(`  total: ${kB(raw)} raw, ${kB(gzip)} gzip (budget ${kB(GZIP_BUDGET_BYTES)}: ${gzip <= GZIP_BUDGET_BYTES ? 'within' : 'OVER'})`)
    const css = stylesheets.reduce((sum, file) => sum + file.gzipBytes, 0)
    console.log(`CSS before any call: ${kB(stylesheets.reduce((sum, file) => sum + file.bytes, 0))} raw, ${kB(css)} gzip`)
    const time = summarize(usable)
    console.log(`Navigation → people screen usable: median ${time.median.toFixed(0)} ms (min ${time.min.toFixed(0)}, max ${time.max.toFixed(0)})`)
    const memory = summarize(heap)
    console.log(`JS heap when usable (after GC): median ${kB(memory.median)} (min ${kB(memory.min)}, max ${kB(memory.max)})`)
    console.log(
      JSON.stringify({ runs, jsRawBytes: raw, jsGzipBytes: gzip, usableMsMedian: Math.round(time.median), heapUsedBytesMedian: Math.round(memory.median) })
    )
    if (gzip > GZIP_BUDGET_BYTES) process.exitCode = 1
  } finally {
    await browser.close()
    await server.close()
    await build?.dispose()
  }
}

await main()
