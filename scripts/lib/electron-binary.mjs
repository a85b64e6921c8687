// Where the Electron binary is, without require('electron'): that require starts a download
// when the binary is missing, which must not happen in `npm start`, the demo or a test run.
// Plain JavaScript so that the Node scripts run it as is; the tests import it too.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

/**
 * @param {string} root the repository root (the folder holding node_modules)
 * @returns {{ path: string } | { missing: string }}
 */
export function findElectronBinary(root) {
  const packageDir = path.join(root, 'node_modules', 'electron')
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  const pathFile = path.join(packageDir, 'path.txt')
  if (!existsSync(pathFile)) {
    return { missing: 'the Electron binary is not installed (node_modules/electron/path.txt is absent: its download was blocked or skipped)' }
  }
  const relative = readFileSync(pathFile, 'utf8').trim()
  const binary = override ? path.join(override, relative) : path.join(packageDir, 'dist', relative)
  return existsSync(binary) ? { path: binary } : { missing: `the Electron binary ${binary} does not exist` }
}
