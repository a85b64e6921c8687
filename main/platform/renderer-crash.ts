// When a window's renderer dies or hangs: what to log, what to tell the user, and whether
// the call it was running is over. Electron-free (renderer-crash-electron.ts listens to
// Electron and shows the dialog). A call lives in the main window's renderer: when that
// renderer is gone, so is the call, and main must not keep answering "busy", keep the quit
// guard up or lose the call from the history because nobody reported its end.
import type { TFunction } from 'i18next'
import type { CallActivity } from '../../common/calls'

export type AppWindowKind = 'main' | 'ring' | 'other'

export type RendererProblem =
  /** webContents 'render-process-gone': crashed, killed, out of memory… (Electron's reason). */
  | { type: 'gone'; reason: string; exitCode?: number }
  /** The page has not answered for a while; it may still recover. */
  | { type: 'unresponsive' }
  | { type: 'responsive' }

export interface UserPrompt {
  message: string
  detail: string
  /** The first button reloads the window; the second leaves things as they are. */
  buttons: [string, string]
}

export interface RendererProblemDecision {
  level: 'info' | 'warn' | 'error'
  /** Main ends the call state now (history, busy, quit guard), as a hang-up would. */
  endCall: boolean
  /** Ask the user; undefined: nothing to ask. */
  prompt?: UserPrompt
  /** The ring window is rebuilt (and shown again if a ring is on) without asking. */
  rebuildRingWindow: boolean
}

/** Reasons that mean the renderer went away on purpose, not a failure. */
const EXPECTED_EXITS = new Set(['clean-exit'])

export function decideOnRendererProblem(window: AppWindowKind, problem: RendererProblem, activity: CallActivity, t: TFunction): RendererProblemDecision {
  const inCall = activity !== 'idle'
  const none: RendererProblemDecision = { level: 'info', endCall: false, rebuildRingWindow: false }
  if (problem.type === 'responsive') return none
  if (window === 'ring') {
    // A ring can still be answered from the tray and the notification; the window is rebuilt.
    if (problem.type === 'gone') return { level: 'error', endCall: false, rebuildRingWindow: true }
    return { ...none, level: 'warn' }
  }
  if (window !== 'main') return { ...none, level: problem.type === 'gone' ? 'error' : 'warn' }
  if (problem.type === 'unresponsive') {
    return {
      level: 'warn',
      endCall: false,
      rebuildRingWindow: false,
      prompt: {
        message: t('dialogs.notResponding'),
        detail: inCall ? t('dialogs.notRespondingDetailInCall') : t('dialogs.notRespondingDetail'),
        buttons: [t('dialogs.reload'), t('dialogs.wait')]
      }
    }
  }
  if (EXPECTED_EXITS.has(problem.reason)) return { ...none, endCall: inCall }
  // Electron's reason ("crashed", "oom") stays as it is: it is what a bug report needs.
  const reason = problem.exitCode === undefined ? problem.reason : t('dialogs.reasonWithCode', { reason: problem.reason, code: problem.exitCode })
  return {
    level: 'error',
    endCall: inCall,
    rebuildRingWindow: false,
    prompt: {
      message: t('dialogs.stoppedWorking'),
      detail: inCall ? t('dialogs.stoppedWorkingDetailInCall', { reason }) : t('dialogs.stoppedWorkingDetail', { reason }),
      buttons: [t('dialogs.reload'), t('dialogs.close')]
    }
  }
}
