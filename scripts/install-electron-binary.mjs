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
  const result = spawnSync(process.execPath, [script], { stdio: 'inherit', timeout: 120_000 })
  if (result.status !== 0) {
    console.warn(
      '[postinstall] the Electron binary could not be downloaded; building and the Node/Chromium tests ' +
        'still work, running the desktop app needs it (retry with `node node_modules/electron/install.js`).'
    )
  }
}
