// What the update service needs from an updater (electron-updater in the app, a fake in
// tests). Kept apart from the service so the Platform can name it without importing logic.

export interface AvailableUpdate {
  version: string
}

export interface UpdateBackend {
  /**
   * Why this build cannot update itself (not packaged, a target electron-updater cannot
   * replace, switched off), or undefined when it can.
   */
  readonly disabledReason: string | undefined
  /** Asks the release feed; the newer version when there is one. Downloads nothing. */
  check(): Promise<AvailableUpdate | null>
  /** Downloads what the last check found; resolves once it is ready to install. */
  download(): Promise<void>
  /** Quits the app, installs the downloaded update and starts the new version. */
  quitAndInstall(): void
}
