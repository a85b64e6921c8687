import { describe, expect, it } from 'vitest'
import { parseCommandLine, userArguments } from '../../../../main/platform/command-line'

const info = { productName: 'Shoutit', version: '1.2.3', runtime: { electron: '45.4.1', chrome: '140.0', node: '22.20.0' } }

describe('parseCommandLine', () => {
  it('prints the version with the runtime versions and exits 0', () => {
    for (const flag of ['--version', '-v']) {
      expect(parseCommandLine([flag], info)).toEqual({
        action: 'print',
        text: 'Shoutit 1.2.3 (Electron 45.4.1, Chrome 140.0, Node 22.20.0)\n',
        exitCode: 0
      })
    }
  })

  it('prints a help that names the flags and the environment, and exits 0', () => {
    const result = parseCommandLine(['-h'], info)
    expect(result).toMatchObject({ action: 'print', exitCode: 0 })
    expect(parseCommandLine(['--help'], info)).toEqual(result)
    const text = result.action === 'print' ? result.text : ''
    expect(text).toMatch(/^Shoutit 1\.2\.3/)
    for (const word of ['--help', '--version', 'SHOUTIT_LOG_LEVEL', 'SHOUTIT_USER_DATA_DIR', 'shoutit://call/<username>']) {
      expect(text).toContain(word)
    }
  })

  it('starts normally without flags, and leaves Electron/Chromium switches and deep links alone', () => {
    expect(parseCommandLine([], info)).toEqual({ action: 'start' })
    expect(parseCommandLine(['--no-sandbox', '--enable-logging', '--proxy-server=127.0.0.1:3128', 'shoutit://call/alice'], info)).toEqual({
      action: 'start'
    })
  })

  it('finds our flag among others; the first of ours wins', () => {
    expect(parseCommandLine(['--enable-logging', '--help', '--version'], info)).toMatchObject({ action: 'print', text: expect.stringMatching(/^Shoutit 1\.2\.3: /) })
    expect(parseCommandLine(['--no-sandbox', '--version', '--help'], info)).toMatchObject({ action: 'print', text: expect.stringMatching(/^Shoutit 1\.2\.3 \(/) })
  })

  it('refuses a value given to one of our flags with exit code 2 and a clear message', () => {
    expect(parseCommandLine(['--version=2'], info)).toEqual({
      action: 'fail',
      text: 'Shoutit: --version takes no value (got "2")\nTry --help.\n',
      exitCode: 2
    })
    expect(parseCommandLine(['--help=yes'], info)).toMatchObject({ action: 'fail', exitCode: 2 })
  })

  it('ignores everything after --', () => {
    expect(parseCommandLine(['--', '--version'], info)).toEqual({ action: 'start' })
  })

  it('prints the bare version when runtime versions are unknown', () => {
    expect(parseCommandLine(['--version'], { productName: 'Shoutit', version: '0.1.0' })).toMatchObject({ text: 'Shoutit 0.1.0\n' })
  })
})

describe('userArguments', () => {
  it('drops the executable, and the app path when run as `electron .`', () => {
    expect(userArguments(['/opt/Shoutit/shoutit', '--version'], false)).toEqual(['--version'])
    expect(userArguments(['/usr/bin/electron', '.', '--help'], true)).toEqual(['--help'])
  })
})
