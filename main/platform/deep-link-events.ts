// Where shoutit:// links come from: the command line of the first launch and of every
// second instance (Windows, Linux), and macOS's open-url, which can fire before the app is
// ready. Links are kept until the composition listens, then handed over in order.
// Construct this before app.whenReady() so the launch link is not lost.
import { app } from 'electron'
import { resolve } from 'node:path'
import { DEEP_LINK_SCHEME, deepLinksInArgv } from '../services/desktop/deep-links'
import type { DeepLinkSource } from '../services/desktop/ports'
import type { Unsubscribe } from '../services/core/emitter'

const MAX_BUFFERED = 20

/**
 * One instance only: a second launch hands its argv (and links) to the first and quits.
 * Returns false in the second instance, which must quit at once.
 */
export function claimSingleInstance(): boolean {
  return app.requestSingleInstanceLock()
}

export class ElectronDeepLinks implements DeepLinkSource {
  readonly #buffered: string[] = []
  #listener: ((raw: string) => void) | undefined
  #activate: (() => void) | undefined

  constructor(argv: readonly string[] = process.argv) {
    this.#registerScheme()
    for (const link of deepLinksInArgv(argv.slice(1))) this.#receive(link)
    app.on('open-url', (event, url) => {
      event.preventDefault()
      this.#receive(url)
    })
    app.on('second-instance', (_event, secondArgv) => {
      const links = deepLinksInArgv(secondArgv.slice(1))
      // Launching the app again means "show me the app".
      if (links.length === 0) this.#activate?.()
      for (const link of links) this.#receive(link)
    })
  }

  onLink(listener: (raw: string) => void): Unsubscribe {
    this.#listener = listener
    for (const link of this.#buffered.splice(0)) listener(link)
    return () => {
      if (this.#listener === listener) this.#listener = undefined
    }
  }

  /** What a second launch without a link does (bring the main window forward). */
  onActivate(handler: () => void): void {
    this.#activate = handler
  }

  #receive(raw: string): void {
    if (this.#listener) return this.#listener(raw)
    this.#buffered.push(raw)
    if (this.#buffered.length > MAX_BUFFERED) this.#buffered.shift()
  }

  #registerScheme(): void {
    // In development the OS must start Electron with our entry script as its argument.
    if (process.defaultApp && process.argv[1]) {
      app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [resolve(process.argv[1])])
    } else {
      app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME)
    }
  }
}
