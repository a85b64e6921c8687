// The tray menu's update entry, from the update state: the tray shows when an update is
// ready and offers the restart; otherwise it says what is happening or offers a check.
import type { TFunction } from 'i18next'
import type { UpdateState } from '../../../common/ipc'

export interface UpdateMenuItem {
  label: string
  enabled: boolean
  /** What clicking does: UpdateService.installNow(), UpdateService.checkNow(), or nothing. */
  action: 'install' | 'check' | null
}

/** null when this build cannot update itself (nothing to show). */
export function updateMenuItem(state: UpdateState, updatesEnabled: boolean, t: TFunction): UpdateMenuItem | null {
  if (!updatesEnabled) return null
  const { version } = state
  switch (state.state) {
    case 'ready':
      return { label: version ? t('updates.restartVersion', { version }) : t('updates.restart'), enabled: true, action: 'install' }
    case 'downloading':
      return { label: version ? t('updates.downloadingVersion', { version }) : t('updates.downloading'), enabled: false, action: null }
    case 'checking':
      return { label: t('updates.checking'), enabled: false, action: null }
    case 'error':
      return { label: t('updates.failed'), enabled: true, action: 'check' }
    case 'idle':
      return { label: t('updates.check'), enabled: true, action: 'check' }
  }
}
