import { useEffect } from 'react'
import type { CallController } from '../../calling/controller-types'

/**
 * How long the others' video may go unseen before the call stops receiving it: long enough
 * that a quick minimise, or the moment before the small call window opens, does not cost a
 * fresh keyframe and a blank second when the video is wanted again.
 */
export const UNSEEN_BEFORE_PAUSE_MS = 5_000

/**
 * Tells the controller whether the others' video is on screen: the main window is visible,
 * or the small call window shows it. Unseen for a while, the engine stops receiving it
 * (docs/api.md §6 `videoWanted`), so neither the network nor the decoder spends anything on
 * a picture nobody looks at.
 */
export function useRemoteVideoShown(controller: CallController, { windowVisible, pipOpen }: { windowVisible: boolean; pipOpen: boolean }): void {
  const seen = windowVisible || pipOpen
  useEffect(() => {
    if (seen) {
      controller.setRemoteVideoShown(true)
      return
    }
    const timer = setTimeout(() => controller.setRemoteVideoShown(false), UNSEEN_BEFORE_PAUSE_MS)
    return () => clearTimeout(timer)
  }, [controller, seen])
  // The call is over (or this window's watch of it): the next call starts with video wanted.
  useEffect(() => () => controller.setRemoteVideoShown(true), [controller])
}
