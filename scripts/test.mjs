// The README's test command: lint, typecheck, build, then every test project (unit,
// integration, browser, e2e) in one Vitest run. On Linux the run happens inside a
// loopback-only network namespace when the machine allows it, so that the WebRTC and server
// tests cannot reach, or be reached from, anything but this machine.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const extraVitestArgs = process.argv.slice(2)

function run(label, command, args) {
  console.log(`\n▶ ${label}: ${[command, ...args].join(' ')}`)
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' })
  if (result.error) throw result.error
  return result.status ?? 1
}

function step(label, command, args) {
  const status = run(label, command, args)
  if (status !== 0) {
    console.error(`\n✖ ${label} failed (exit ${status})`)
    process.exit(status)
  }
}

step('lint', 'npx', ['eslint', '.'])
step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'])
step('typecheck server', 'npx', ['tsc', '-p', 'server/tsconfig.json', '--noEmit'])
step('build', 'npx', ['electron-vite', 'build'])

const resultsFile = path.join(tmpdir(), `shoutit-vitest-${process.pid}.json`)
const vitest = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`, ...extraVitestArgs]
const netns = path.join(root, 'scripts', 'run-in-netns.sh')
const status = existsSync(netns) ? run('tests', 'bash', [netns, 'npx', ...vitest]) : run('tests', 'npx', vitest)

// One plain closing line, whatever the runner's own summary looks like.
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'))
  rmSync(resultsFile, { force: true })
  const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0)
  console.log(`\n${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`)
}
process.exit(status)
