// Fakes for the update tests: a release feed whose every check and download waits for the
// test to answer it, and a call gate the test opens and closes.
import type { Unsubscribe } from '../../../main/services/core/emitter'
import type { CallGate } from '../../../main/services/updates/service'
import type { AvailableUpdate, UpdateBackend } from '../../../main/services/updates/backend'

export interface Deferred<T> {
  promise: Promise<T>
  resolve(value: T): void
  reject(error: unknown): void
}
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** A release feed the test controls: each check and download waits until the test answers it. */
export class FakeUpdateBackend implements UpdateBackend {
  disabledReason: string | undefined = undefined
  checks: Array<Deferred<AvailableUpdate | null>> = []
  downloads: Array<Deferred<void>> = []
  installs = 0

  check(): Promise<AvailableUpdate | null> {
    const answer = deferred<AvailableUpdate | null>()
    this.checks.push(answer)
    return answer.promise
  }
  download(): Promise<void> {
    const done = deferred<void>()
    this.downloads.push(done)
    return done.promise
  }
  quitAndInstall(): void {
    this.installs += 1
  }
  lastCheck(): Deferred<AvailableUpdate | null> {
    const last = this.checks.at(-1)
    if (!last) throw new Error('no check was made')
    return last
  }
  lastDownload(): Deferred<void> {
    const last = this.downloads.at(-1)
    if (!last) throw new Error('no download was started')
    return last
  }
}

export class FakeCalls implements CallGate {
  busy = false
  readonly #listeners = new Set<() => void>()
  isBusy(): boolean {
    return this.busy
  }
  onChange(listener: () => void): Unsubscribe {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
  set(busy: boolean): void {
    this.busy = busy
    for (const listener of [...this.#listeners]) listener()
  }
}
