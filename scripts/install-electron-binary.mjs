// The Electron binary comes from GitHub releases, which some build machines cannot reach.
// Its own postinstall is disabled (package.json allowScripts) so that a failed download
// cannot fail `npm install`; this script tries the same download and only warns.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)

function electronInstallScript() {
  try {
    return path.join(path.dirname(require.resolve('electron/package.json')), 'install.js')
  } catch {
    return null
  }
}

const script = electronInstallScript()
if (script === null || !existsSync(script)) {
  console.warn('[postinstall] electron is not installed; skipping its binary')
} else if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.warn('[postinstall] ELECTRON_SKIP_BINARY_DOWNLOAD is set; not downloading the Electron binary')
} else {
  // Electron's installer dies with a raw stack trace when the download fails; keep its output
  // and show it only on success, and on failure say what happened in one line.
  const result = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 120_000 })
  if (result.status === 0) {
    process.stdout.write(result.stdout)
  } else {
    const reason = failureReason(`${result.stderr ?? ''}\n${result.stdout ?? ''}`, result.error)
    console.warn(
      `[postinstall] the Electron binary could not be downloaded (${reason}); building and the ` +
        'Node/Chromium tests still work, running the desktop app needs it ' +
        '(retry with `node node_modules/electron/install.js`).'
    )
  }
}

/** The first error line of the installer's output ("TypeError: fetch failed" → "fetch failed"). */
function failureReason(output, spawnError) {
  if (spawnError) return spawnError.message
  const errorLine = output
    .split('\n')
    .map((line) => line.trim())
    .find((line) => /^[A-Za-z]*Error\b.*:/.test(line))
  if (!errorLine) return 'no reason given'
  return errorLine.replace(/^[A-Za-z]*Error\b[^:]*:\s*/, '') || errorLine
}
