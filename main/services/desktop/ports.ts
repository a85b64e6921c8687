// The desktop surfaces of ringing, missed calls and history, as the services see them.
// main/platform/ fills these with Electron (tray, always-on-top ring window, power-save
// blocker, login item, single-instance deep links); tests fill them with recorders. All
// optional on the Platform: a headless composition (end-to-end harness) runs without them.
import type { Theme } from '../../../common/ipc'
import type { Unsubscribe } from '../core/emitter'
import type { TrayAction, TrayView } from './tray-view'

export interface TrayPort {
  /** Creates the tray icon on first call, then updates icon, tooltip and menu. */
  render(view: TrayView): void
  onAction(listener: (action: TrayAction) => void): Unsubscribe
  destroy(): void
}

/** The small always-on-top window that shows the renderer's `?view=ring`. */
export interface RingWindowPort {
  /**
   * Loads the window, hidden, ahead of the first ring: creating a window and starting its
   * renderer takes far longer than showing one, and a ring should appear at once.
   */
  preload?(): void
  /** Shows the ring (the window already has it: main sends ring:incoming first). */
  open(): void
  /** Hides it; a preloaded window stays loaded for the next ring. */
  close(): void
  /** Frees it entirely: signed out, nothing will ring. */
  destroy?(): void
}

/** Keeps the display awake during a call, and only then. */
export interface DisplaySleepPort {
  preventSleep(): void
  allowSleep(): void
}

export interface LoginItemPort {
  setEnabled(enabled: boolean): void
  /** This process was started by the OS at login (start hidden in the tray). */
  readonly launchedAtLogin: boolean
}

export interface ConfirmRequest {
  message: string
  detail: string
  confirmLabel: string
  cancelLabel: string
}

/** The app as a whole: badge, quitting, the main window's close button. */
export interface AppShellPort {
  /** `description` names the count for assistive technology where the badge is an icon (Windows). */
  setBadgeCount(count: number, description?: string): void
  confirm(request: ConfirmRequest): Promise<boolean>
  quit(): void
  /** Every way of quitting (menu, Cmd+Q, tray) asks this first; false keeps the app running. */
  setQuitGuard(guard: () => Promise<boolean>): void
  /** The user closed the main window; the app keeps running in the tray. */
  onMainWindowClosed(listener: () => void): Unsubscribe
}

/** shoutit:// links from the OS; links that came before anyone listened are replayed to the first listener. */
export interface DeepLinkSource {
  onLink(listener: (raw: string) => void): Unsubscribe
}

/** The light or dark appearance of the app's windows ('system': the OS's). */
export interface ThemePort {
  setTheme(theme: Theme): void
}

export interface DesktopPorts {
  theme?: ThemePort
  tray?: TrayPort
  ringWindow?: RingWindowPort
  displaySleep?: DisplaySleepPort
  loginItem?: LoginItemPort
  shell?: AppShellPort
  deepLinks?: DeepLinkSource
}
