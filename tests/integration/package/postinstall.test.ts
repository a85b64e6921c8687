// The postinstall step that fetches the Electron binary must never fail `npm install` and,
// where the download is impossible, must say so in one friendly line instead of the
// installer's stack trace. The script is run from a scratch folder whose node_modules holds
// a stand-in electron package, so the test needs no network and no real Electron.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const script = path.resolve(import.meta.dirname, '../../../scripts/install-electron-binary.mjs')
const scratchDirs: string[] = []

function runWithElectronInstaller(installerSource: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'shoutit-postinstall-'))
  scratchDirs.push(dir)
  const electronDir = path.join(dir, 'node_modules', 'electron')
  mkdirSync(electronDir, { recursive: true })
  writeFileSync(path.join(electronDir, 'package.json'), JSON.stringify({ name: 'electron', version: '0.0.0' }))
  writeFileSync(path.join(electronDir, 'install.js'), installerSource)
  cpSync(script, path.join(dir, 'install-electron-binary.mjs'))
  const env = { ...process.env }
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD
  return spawnSync(process.execPath, [path.join(dir, 'install-electron-binary.mjs')], { encoding: 'utf8', env })
}

afterEach(() => {
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('postinstall: the Electron binary', () => {
  it('turns a failed download into one friendly line, without a stack trace, and exits 0', () => {
    const result = runWithElectronInstaller(
      "const error = new TypeError('fetch failed'); console.error(error); process.exit(1)\n"
    )
    expect(result.status).toBe(0)
    const output = result.stdout + result.stderr
    expect(output).toContain('the Electron binary could not be downloaded (fetch failed)')
    expect(output).not.toMatch(/^\s+at /m)
    expect(output).not.toContain('TypeError')
  })

  it("passes the installer's own output through when it succeeds", () => {
    const result = runWithElectronInstaller("console.log('electron binary ready')\n")
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('electron binary ready')
    expect(result.stderr).not.toContain('could not be downloaded')
  })
})
