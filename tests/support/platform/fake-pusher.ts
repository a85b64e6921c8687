// A pusher-js stand-in the tests drive: connection states, server events on channels, and
// the channel authorisation the service supplies (called like pusher-js would).
import type { PusherChannelLike, PusherClientOptions, PusherConnectionLike, PusherFactory, PusherLike } from '../../../main/services/core/platform'

type Callback = (data: unknown) => void

export class FakeChannel implements PusherChannelLike {
  readonly #bindings = new Map<string, Set<Callback>>()
  bind(event: string, callback: Callback): void {
    const set = this.#bindings.get(event) ?? new Set<Callback>()
    this.#bindings.set(event, set)
    set.add(callback)
  }
  unbind_all(): void {
    this.#bindings.clear()
  }
  emit(event: string, data: unknown): void {
    for (const callback of [...(this.#bindings.get(event) ?? [])]) callback(data)
  }
}

class FakeConnection implements PusherConnectionLike {
  state = 'initialized'
  readonly #stateListeners = new Set<(states: { previous: string; current: string }) => void>()
  bind(event: 'state_change' | 'error', callback: never): void {
    if (event === 'state_change') this.#stateListeners.add(callback)
  }
  change(current: string): void {
    const previous = this.state
    this.state = current
    for (const listener of [...this.#stateListeners]) listener({ previous, current })
  }
}

export class FakePusher implements PusherLike {
  readonly connection = new FakeConnection()
  readonly channels = new Map<string, FakeChannel>()
  disconnected = false
  /** How often the service restarted the connection attempt (pusher-js's connect()). */
  connects = 0
  constructor(readonly options: PusherClientOptions) {}
  subscribe(channelName: string): FakeChannel {
    const channel = this.channels.get(channelName) ?? new FakeChannel()
    this.channels.set(channelName, channel)
    return channel
  }
  unsubscribe(channelName: string): void {
    this.channels.delete(channelName)
  }
  disconnect(): void {
    this.disconnected = true
    this.connection.change('disconnected')
  }
  connect(): void {
    this.connects += 1
    this.disconnected = false
    this.connection.change('connecting')
  }
  /** What pusher-js does on each (re)connect: connected, authorise, subscription_succeeded. */
  async connectAndSubscribe(socketId = '123.456'): Promise<void> {
    this.connection.change('connected')
    for (const [name, channel] of this.channels) {
      await this.options.authorize(socketId, name)
      channel.emit('pusher:subscription_succeeded', {})
    }
  }
}

export function fakePusherFactory(): PusherFactory & { created: FakePusher[] } {
  const created: FakePusher[] = []
  const factory = (options: PusherClientOptions) => {
    const pusher = new FakePusher(options)
    created.push(pusher)
    return pusher
  }
  return Object.assign(factory, { created })
}
