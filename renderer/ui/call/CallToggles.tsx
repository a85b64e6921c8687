import type { CallCommand } from '../../../common/ipc'
import type { CallController } from '../../calling/controller-types'
import { useWords } from '../i18n/LanguageProvider'
import { CallIcon } from './CallIcons'
import { isMacPlatform, keyShortcutFor, shortcutLetterOf } from './callShortcuts'

/**
 * A control's tooltip, its label with the shortcut that does the same: "Mute (Ctrl+Shift+M)",
 * Cmd on macOS. The keys come from the table the keyboard handler reads, so they never differ.
 */
export function useShortcutTitle(): (label: string, command: CallCommand) => string {
  const { t } = useWords()
  return (label, command) =>
    t('call.withShortcut', { label, keys: t(isMacPlatform() ? 'call.shortcutKeysMac' : 'call.shortcutKeys', { key: shortcutLetterOf(command) }) })
}

// The microphone and camera toggles, the same while the call rings, joins and runs. Their
// labels never change: the state is aria-pressed, a slashed icon and the "off" colour. A
// label naming the other state read as the wrong one, and one that changes width moved
// every button after it.

export function MuteToggle({ controller, muted }: { controller: CallController; muted: boolean }) {
  const { t } = useWords()
  const title = useShortcutTitle()(t('call.mute'), 'toggle-mute')
  return (
    <button
      type="button"
      className={`call-toggle${muted ? ' off' : ''}`}
      aria-pressed={muted}
      aria-keyshortcuts={keyShortcutFor('toggle-mute')}
      title={title}
      onClick={() => controller.setMuted(!muted)}
    >
      <CallIcon name={muted ? 'mic-off' : 'mic'} />
      <span className="control-label">{t('call.mute')}</span>
    </button>
  )
}

/** Pressed while the camera is on. */
export function CameraToggle({ controller, cameraOff }: { controller: CallController; cameraOff: boolean }) {
  const { t } = useWords()
  const title = useShortcutTitle()(t('call.camera'), 'toggle-camera')
  return (
    <button
      type="button"
      className={`call-toggle${cameraOff ? ' off' : ''}`}
      aria-pressed={!cameraOff}
      aria-keyshortcuts={keyShortcutFor('toggle-camera')}
      title={title}
      onClick={() => controller.setCameraOff(!cameraOff)}
    >
      <CallIcon name={cameraOff ? 'camera-off' : 'camera'} />
      <span className="control-label">{t('call.camera')}</span>
    </button>
  )
}
