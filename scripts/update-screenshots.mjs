// `npm run screenshots:update`: runs the screenshot test so that it writes every picture as
// its new baseline (tests/browser/ui/baselines/) instead of comparing. Look through the
// changed baselines (git diff shows which) before committing them.
import { spawnSync } from 'node:child_process'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const result = spawnSync(
  'sh',
  [path.join(root, 'scripts', 'run-in-netns.sh'), 'npx', 'vitest', 'run', '--project', 'browser', 'tests/browser/ui/screenshots.test.ts', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, SHOUTIT_UPDATE_SCREENSHOTS: '1' } }
)
if (result.error) throw result.error
process.exit(result.status ?? 1)
