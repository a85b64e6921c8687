// The tray menu's update entry, from the update state: the tray shows when an update is
// ready and offers the restart; otherwise it says what is happening or offers a check.
import type { UpdateState } from '../../../common/ipc'

export interface UpdateMenuItem {
  label: string
  enabled: boolean
  /** What clicking does: UpdateService.installNow(), UpdateService.checkNow(), or nothing. */
  action: 'install' | 'check' | null
}

/** null when this build cannot update itself (nothing to show). */
export function updateMenuItem(state: UpdateState, updatesEnabled: boolean): UpdateMenuItem | null {
  if (!updatesEnabled) return null
  switch (state.state) {
    case 'ready':
      return { label: `Restart to Update${state.version ? ` to ${state.version}` : ''}`, enabled: true, action: 'install' }
    case 'downloading':
      return { label: `Downloading Update${state.version ? ` ${state.version}` : ''}…`, enabled: false, action: null }
    case 'checking':
      return { label: 'Checking for Updates…', enabled: false, action: null }
    case 'error':
      return { label: 'Update Failed: Try Again', enabled: true, action: 'check' }
    case 'idle':
      return { label: 'Check for Updates', enabled: true, action: 'check' }
  }
}
