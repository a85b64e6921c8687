// The README's test command: lint, typecheck, build, then the test projects. Unit and
// integration tests run together; the browser and end-to-end projects (real Chromium, real
// WebRTC media) run after them, one project at a time, so that media timing never competes
// with hundreds of unit tests for two cores. On Linux the tests run inside a loopback-only
// network namespace when the machine allows it (scripts/run-in-netns.sh).
// Extra arguments go to every Vitest run, e.g. `npm test -- --bail 1`.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const extraVitestArgs = process.argv.slice(2)
const netns = path.join(root, 'scripts', 'run-in-netns.sh')

function run(label, command, args) {
  console.log(`\n▶ ${label}: ${[command, ...args].join(' ')}`)
  const started = Date.now()
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' })
  if (result.error) throw result.error
  console.log(`◀ ${label}: exit ${result.status ?? 1} after ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return result.status ?? 1
}

function mustPass(label, command, args) {
  const status = run(label, command, args)
  if (status !== 0) {
    console.error(`\n✖ ${label} failed`)
    process.exit(status)
  }
}

mustPass('lint', 'npx', ['eslint', '.'])
mustPass('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'])
mustPass('typecheck server', 'npx', ['tsc', '-p', 'server/tsconfig.json', '--noEmit'])
mustPass('build', 'npx', ['electron-vite', 'build'])

const totals = { passed: 0, failed: 0, skipped: 0 }
let failedRuns = 0
for (const projects of [['unit', 'integration'], ['browser'], ['e2e']]) {
  const resultsFile = path.join(tmpdir(), `shoutit-vitest-${process.pid}-${projects.join('-')}.json`)
  const vitest = [
    'vitest',
    'run',
    ...projects.flatMap((project) => ['--project', project]),
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${resultsFile}`,
    ...extraVitestArgs
  ]
  const status = run(`tests: ${projects.join(' + ')}`, 'sh', [netns, 'npx', ...vitest])
  if (status !== 0) failedRuns += 1
  if (existsSync(resultsFile)) {
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'))
    rmSync(resultsFile, { force: true })
    totals.passed += results.numPassedTests ?? 0
    totals.failed += results.numFailedTests ?? 0
    totals.skipped += (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0)
  } else if (status !== 0) {
    totals.failed += 1 // the run died before reporting: count it, never pass silently
  }
}

// One plain closing line over all runs.
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
process.exit(failedRuns === 0 && totals.failed === 0 ? 0 : 1)
