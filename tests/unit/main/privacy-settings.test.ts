// "Open system settings" on a call refused the camera or microphone: the page each OS has,
// opened through the shell, none on Linux; and the request checked against the contract.
import { afterEach, describe, expect, it } from 'vitest'
import type { DesktopOs } from '../../../common/ipc'
import { composeMain, type MainHandle } from '../../../main/compose'
import { createPrivacySettingsOpener, desktopOsOf } from '../../../main/services/core/privacy-settings'
import { createTestPlatform } from '../../support/platform/platform'

function fakeShell() {
  const opened: string[] = []
  return { opened, openExternal: async (url: string) => void opened.push(url) }
}

describe('privacy settings', () => {
  it.each([
    ['macos', 'camera', 'x-apple.systempreferences:com.apple.preference.security?Privacy_Camera'],
    ['macos', 'microphone', 'x-apple.systempreferences:com.apple.preference.security?Privacy_Microphone'],
    ['windows', 'camera', 'ms-settings:privacy-webcam'],
    ['windows', 'microphone', 'ms-settings:privacy-microphone']
  ] as const)('%s: opens the %s page through the shell', async (os, device, url) => {
    const shell = fakeShell()
    expect(await createPrivacySettingsOpener(shell, os)({ device })).toEqual({ ok: true })
    expect(shell.opened).toEqual([url])
  })

  it('Linux has no such page: refused, and the shell is never asked', async () => {
    const shell = fakeShell()
    await expect(createPrivacySettingsOpener(shell, 'linux')({ device: 'camera' })).rejects.toThrow(/no privacy settings page/)
    expect(shell.opened).toEqual([])
  })

  it('names the OS from the Node platform', () => {
    expect([desktopOsOf('darwin'), desktopOsOf('win32'), desktopOsOf('linux'), desktopOsOf('freebsd')]).toEqual(['macos', 'windows', 'linux', 'linux'])
  })
})

describe('app:platform and app:openPrivacySettings over IPC', () => {
  let main: MainHandle | null = null
  afterEach(async () => {
    await main?.dispose()
    main = null
  })
  const start = async (os: DesktopOs) => {
    const platform = createTestPlatform({ os, fetch: async () => new Response('offline', { status: 503 }) })
    main = composeMain(platform)
    return { platform, main }
  }

  it('reports the OS, opens the page main knows, and refuses a request outside the contract before the shell', async () => {
    const { platform, main } = await start('windows')
    expect(await main.ipc.invoke(1, 'app:platform', {})).toEqual({ ok: true, value: { os: 'windows' } })
    expect(await main.ipc.invoke(1, 'app:openPrivacySettings', { device: 'microphone' })).toEqual({ ok: true, value: { ok: true } })
    for (const bad of [{ device: 'speaker' }, { device: 'camera', url: 'file:///etc/passwd' }, {}, 'camera']) {
      const result = await main.ipc.invoke(1, 'app:openPrivacySettings', bad)
      expect(result, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    }
    expect(platform.opened).toEqual(['ms-settings:privacy-microphone'])
  })

  it('on Linux answers invalid_request and opens nothing', async () => {
    const { platform, main } = await start('linux')
    expect(await main.ipc.invoke(1, 'app:openPrivacySettings', { device: 'camera' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(platform.opened).toEqual([])
  })
})
