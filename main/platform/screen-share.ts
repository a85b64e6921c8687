// The Electron half of screen sharing: the session's display-media handler answers the
// renderer's getDisplayMedia with the screen or window the user picks in the app's own
// picker (desktopCapturer lists them; ScreenSharePicker asks the renderer and waits).
// Only the app's own origin may capture; everything else is refused without a picker.
import type { DesktopCapturerSource, Session } from 'electron'
import type { ScreenSource } from '../../common/ipc'
import type { Logger } from '../services/core/platform'
import { isPermissionAllowed } from './permissions'
import type { ScreenSharePicker } from './screen-share-picker'

export interface DesktopCapturerLike {
  getSources(options: { types: Array<'screen' | 'window'>; thumbnailSize: { width: number; height: number }; fetchWindowIcons: boolean }): Promise<DesktopCapturerSource[]>
}

const THUMBNAIL_SIZE = { width: 320, height: 180 }

export function toScreenSource(source: DesktopCapturerSource): ScreenSource {
  const thumbnail = source.thumbnail.isEmpty() ? undefined : source.thumbnail.toDataURL()
  return {
    id: source.id.slice(0, 256),
    name: source.name || (source.id.startsWith('screen:') ? 'Screen' : 'Window'),
    kind: source.id.startsWith('screen:') ? 'screen' : 'window',
    ...(thumbnail ? { thumbnail } : {})
  }
}

/** Installs the handler on the session; returns a function that removes it. */
export function installScreenShare(options: { session: Session; desktopCapturer: DesktopCapturerLike; picker: ScreenSharePicker; logger: Logger }): () => void {
  const { session, desktopCapturer, picker, logger } = options
  session.setDisplayMediaRequestHandler((request, callback) => {
    const requestingUrl = request.frame?.url ?? request.securityOrigin
    if (!request.videoRequested || !isPermissionAllowed({ permission: 'display-capture', requestingUrl })) {
      logger.warn('screen share: refused a request', { origin: request.securityOrigin })
      callback(null)
      return
    }
    void (async () => {
      const found = await desktopCapturer.getSources({ types: ['screen', 'window'], thumbnailSize: THUMBNAIL_SIZE, fetchWindowIcons: false })
      const chosenId = await picker.pick(found.map(toScreenSource))
      const chosen = chosenId === null ? undefined : found.find((source) => source.id === chosenId)
      // No system audio: sharing it would echo the call back to the other side.
      callback(chosen ? { video: chosen } : null)
    })().catch((error: unknown) => {
      logger.error('screen share: could not list screens and windows', { error: String(error) })
      callback(null)
    })
  })
  return () => {
    picker.dispose()
    session.setDisplayMediaRequestHandler(null)
  }
}
