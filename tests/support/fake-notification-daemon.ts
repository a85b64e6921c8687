// A fake desktop notification server (org.freedesktop.Notifications) on a D-Bus session
// bus, for tests that follow a notification all the way from node-notifier / notify-send
// to the bus. It records every Notify call and can play the user: invoke an action (a
// button, or "default" for a click on the notification) or close a notification.
//
// startPrivateSessionBus() starts a throwaway dbus-daemon, so a test needs no desktop
// session; startFakeNotificationDaemon() claims the well-known name on it (or on the bus
// in DBUS_SESSION_BUS_ADDRESS).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import dbus from 'dbus-next'

export interface RecordedNotification {
  id: number
  appName: string
  replacesId: number
  icon: string
  summary: string
  body: string
  /** [key, label] pairs, as notify-send --action=key=label sends them. */
  actions: Array<[string, string]>
  hints: Record<string, unknown>
  expireTimeout: number
  closed: boolean
}

export interface FakeNotificationDaemon {
  readonly address: string
  /** Every Notify call so far, oldest first. */
  readonly notifications: readonly RecordedNotification[]
  /** Resolves with the first notification (already received or arriving) that matches. */
  waitFor(predicate: (n: RecordedNotification) => boolean, timeoutMs?: number): Promise<RecordedNotification>
  /** Plays a click: emits ActionInvoked (and, like real servers, closes the notification). */
  invokeAction(id: number, actionKey: string): void
  /** Closes as the user dismissing it (reason 2) unless told otherwise. */
  close(id: number, reason?: 1 | 2 | 3): void
  stop(): Promise<void>
}

const NAME = 'org.freedesktop.Notifications'
const PATH = '/org/freedesktop/Notifications'

/** True when a dbus-daemon binary is there to start a private bus. */
export function hasDbusDaemon(): boolean {
  return spawnSync('dbus-daemon', ['--version'], { stdio: 'ignore' }).status === 0
}

/** Whether the D-Bus notification tests can run here; says why when they cannot (`what` names the test). */
export function dbusNotificationTestsCanRun(what: string): boolean {
  const canRun = process.platform === 'linux' && hasDbusDaemon()
  if (!canRun) console.warn(`${what} skipped: needs Linux with dbus-daemon (package dbus) and notify-send (libnotify-bin)`)
  return canRun
}

export interface PrivateSessionBus {
  address: string
  stop(): Promise<void>
}

export async function startPrivateSessionBus(): Promise<PrivateSessionBus> {
  const child: ChildProcess = spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', '--print-address=1'], {
    // Its stderr only complains about fd limits in containers.
    stdio: ['ignore', 'pipe', 'ignore']
  })
  const address = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })
    const timer = setTimeout(() => reject(new Error('dbus-daemon printed no address within 5 s')), 5_000)
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`dbus-daemon exited early (${code})`)))
    lines.once('line', (line) => {
      clearTimeout(timer)
      resolve(line.trim())
    })
  })
  return {
    address,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}

type Listener = { predicate: (n: RecordedNotification) => boolean; resolve: (n: RecordedNotification) => void }

export async function startFakeNotificationDaemon(
  options: { address?: string; capabilities?: string[] } = {}
): Promise<FakeNotificationDaemon> {
  const address = options.address ?? process.env.DBUS_SESSION_BUS_ADDRESS
  if (!address) throw new Error('No D-Bus session bus: pass an address or set DBUS_SESSION_BUS_ADDRESS')
  const capabilities = options.capabilities ?? ['actions', 'body', 'icon-static', 'persistence']
  const recorded: RecordedNotification[] = []
  const listeners = new Set<Listener>()
  let nextId = 1

  class NotificationsInterface extends dbus.interface.Interface {
    Notify(
      appName: string,
      replacesId: number,
      icon: string,
      summary: string,
      body: string,
      actions: string[],
      hints: Record<string, { value: unknown }>,
      expireTimeout: number
    ): number {
      const pairs: Array<[string, string]> = []
      for (let i = 0; i + 1 < actions.length; i += 2) pairs.push([actions[i]!, actions[i + 1]!])
      const plainHints = Object.fromEntries(Object.entries(hints).map(([key, variant]) => [key, variant.value]))
      const notification: RecordedNotification = {
        id: replacesId > 0 ? replacesId : nextId++,
        appName,
        replacesId,
        icon,
        summary,
        body,
        actions: pairs,
        hints: plainHints,
        expireTimeout,
        closed: false
      }
      recorded.push(notification)
      for (const listener of [...listeners]) {
        if (listener.predicate(notification)) {
          listeners.delete(listener)
          listener.resolve(notification)
        }
      }
      return notification.id
    }
    CloseNotification(id: number): void {
      closeById(id, 3)
    }
    GetCapabilities(): string[] {
      return capabilities
    }
    GetServerInformation(): string[] {
      return ['fake-notifications', 'shoutit-tests', '1.0', '1.2']
    }
    NotificationClosed(id: number, reason: number): number[] {
      return [id, reason]
    }
    ActionInvoked(id: number, actionKey: string): Array<number | string> {
      return [id, actionKey]
    }
  }
  NotificationsInterface.configureMembers({
    methods: {
      Notify: { inSignature: 'susssasa{sv}i', outSignature: 'u' },
      CloseNotification: { inSignature: 'u', outSignature: '' },
      GetCapabilities: { inSignature: '', outSignature: 'as' },
      GetServerInformation: { inSignature: '', outSignature: 'ssss' }
    },
    signals: {
      NotificationClosed: { signature: 'uu' },
      ActionInvoked: { signature: 'us' }
    }
  })

  const bus = dbus.sessionBus({ busAddress: address })
  const iface = new NotificationsInterface(NAME)
  bus.export(PATH, iface)
  const reply = await bus.requestName(NAME, dbus.NameFlag.DO_NOT_QUEUE)
  if (reply !== dbus.RequestNameReply.PRIMARY_OWNER) {
    bus.disconnect()
    throw new Error(`Could not own ${NAME} on the bus (reply ${reply}): another notification server runs there`)
  }

  function closeById(id: number, reason: number): void {
    const target = recorded.filter((n) => n.id === id && !n.closed)
    if (target.length === 0) return
    for (const n of target) n.closed = true
    iface.NotificationClosed(id, reason)
  }

  return {
    address,
    get notifications() {
      return recorded
    },
    waitFor(predicate, timeoutMs = 10_000) {
      const found = recorded.find(predicate)
      if (found) return Promise.resolve(found)
      return new Promise((resolve, reject) => {
        const listener: Listener = {
          predicate,
          resolve: (n) => {
            clearTimeout(timer)
            resolve(n)
          }
        }
        const timer = setTimeout(() => {
          listeners.delete(listener)
          reject(new Error(`No matching notification within ${timeoutMs} ms (saw ${recorded.length})`))
        }, timeoutMs)
        listeners.add(listener)
      })
    },
    invokeAction(id, actionKey) {
      iface.ActionInvoked(id, actionKey)
      closeById(id, 2)
    },
    close(id, reason = 2) {
      closeById(id, reason)
    },
    async stop() {
      listeners.clear()
      try {
        await bus.releaseName(NAME)
      } catch {
        // The bus may already be gone; nothing to release then.
      }
      bus.disconnect()
    }
  }
}

export interface NotificationSessionBus {
  daemon: FakeNotificationDaemon
  /** Stops daemon and bus and gives the process its previous session bus back. */
  stop(): Promise<void>
}

/**
 * A private bus with the fake daemon on it, made this process's session bus: node-notifier
 * and notify-send run as children and find the bus through the environment.
 */
export async function startNotificationSessionBus(): Promise<NotificationSessionBus> {
  const previousAddress = process.env.DBUS_SESSION_BUS_ADDRESS
  const bus = await startPrivateSessionBus()
  let daemon: FakeNotificationDaemon
  try {
    daemon = await startFakeNotificationDaemon({ address: bus.address })
  } catch (error) {
    await bus.stop()
    throw error
  }
  process.env.DBUS_SESSION_BUS_ADDRESS = bus.address
  return {
    daemon,
    async stop() {
      if (previousAddress === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS
      else process.env.DBUS_SESSION_BUS_ADDRESS = previousAddress
      await daemon.stop()
      await bus.stop()
    }
  }
}
