// The OS's privacy settings for the camera and the microphone: where a call that was refused
// them sends the user. macOS and Windows have a page for each, opened by URL; Linux desktops
// have no common one, so there the window explains instead and never asks for it.
import type { DesktopOs, PrivacyDevice } from '../../../common/ipc'
import { InvalidRequestError } from './errors'

export function desktopOsOf(nodePlatform: NodeJS.Platform): DesktopOs {
  if (nodePlatform === 'darwin') return 'macos'
  if (nodePlatform === 'win32') return 'windows'
  return 'linux'
}

const PAGES: Record<Exclude<DesktopOs, 'linux'>, Record<PrivacyDevice, string>> = {
  macos: {
    camera: 'x-apple.systempreferences:com.apple.preference.security?Privacy_Camera',
    microphone: 'x-apple.systempreferences:com.apple.preference.security?Privacy_Microphone'
  },
  windows: {
    camera: 'ms-settings:privacy-webcam',
    microphone: 'ms-settings:privacy-microphone'
  }
}

/** The settings page's URL, or null where the OS has none. */
export function privacySettingsUrl(os: DesktopOs, device: PrivacyDevice): string | null {
  return os === 'linux' ? null : PAGES[os][device]
}

/** The app:openPrivacySettings handler: opens the page with the OS (`shell` is Electron's shell in the app). */
export function createPrivacySettingsOpener(shell: { openExternal(url: string): Promise<void> }, os: DesktopOs) {
  return async ({ device }: { device: PrivacyDevice }): Promise<{ ok: true }> => {
    const url = privacySettingsUrl(os, device)
    if (url === null) throw new InvalidRequestError('This system has no privacy settings page to open.')
    await shell.openExternal(url)
    return { ok: true }
  }
}
