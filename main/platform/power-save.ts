// Keeps the display awake during a call, and only then (Electron's powerSaveBlocker).
import { powerSaveBlocker } from 'electron'
import type { DisplaySleepPort } from '../services/desktop/ports'

export class ElectronDisplaySleep implements DisplaySleepPort {
  #blockerId: number | undefined

  preventSleep(): void {
    if (this.#blockerId !== undefined && powerSaveBlocker.isStarted(this.#blockerId)) return
    this.#blockerId = powerSaveBlocker.start('prevent-display-sleep')
  }

  allowSleep(): void {
    if (this.#blockerId === undefined) return
    if (powerSaveBlocker.isStarted(this.#blockerId)) powerSaveBlocker.stop(this.#blockerId)
    this.#blockerId = undefined
  }
}
