// Doubles for the controller's collaborators: a bridge that answers from handlers and
// logs every invocation, an engine whose room is driven by the test, and media devices
// handing out fake tracks.
import type { EventChannel, EventPayload, InvokeChannel, InvokeReply, InvokeRequest, IpcResult, ShoutitBridge } from '../../../../common/ipc'
import { TypedEmitter } from '../../../../renderer/calling/emitter'
import type { StatsSnapshot } from '../../../../renderer/calling/call-stats'
import type { CallEngine, EngineConnectOptions, EngineRoom, RoomEnded, RoomEvents, TrackKind } from '../../../../renderer/calling/engine'
import type { MediaDevicesLike } from '../../../../renderer/calling/media'
import { FakeMediaStreamTrack, fakeTrack } from './fake-twilio-video'

/** A handler's way to refuse as the server does, with a reason and the field it is about. */
export class ApiRefusal extends Error {
  constructor(
    message: string,
    readonly reason: string,
    readonly location: string
  ) {
    super(message)
  }
}

type Handler<C extends InvokeChannel> = (request: InvokeRequest<C>) => InvokeReply<C> | Promise<InvokeReply<C>>
export type Handlers = { [C in InvokeChannel]?: Handler<C> }

export class FakeBridge implements ShoutitBridge {
  readonly calls: Array<{ channel: InvokeChannel; request: unknown }> = []
  private readonly events = new Map<string, Set<(payload: never) => void>>()
  constructor(private readonly handlers: Handlers) {}

  async invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<IpcResult<InvokeReply<C>>> {
    this.calls.push({ channel, request })
    const handler = this.handlers[channel] as Handler<C> | undefined
    if (!handler) return { ok: true, value: { ok: true } as InvokeReply<C> }
    try {
      return { ok: true, value: await handler(request) }
    } catch (error) {
      // A thrown ApiRefusal says where the server put the error; anything else is a plain 400.
      const refusal = error instanceof ApiRefusal ? { reason: error.reason, location: error.location } : {}
      return { ok: false, error: { code: 'api_error', message: error instanceof Error ? error.message : String(error), status: 400, ...refusal } }
    }
  }

  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void {
    let set = this.events.get(channel)
    if (!set) this.events.set(channel, (set = new Set()))
    set.add(listener as (payload: never) => void)
    return () => set.delete(listener as (payload: never) => void)
  }

  emit<C extends EventChannel>(channel: C, payload: EventPayload<C>): void {
    for (const listener of this.events.get(channel) ?? []) (listener as (value: EventPayload<C>) => void)(payload)
  }

  channels(): string[] {
    return this.calls.map((call) => call.channel)
  }

  /** What the code under test sent on `channel`, as it sent it (the bridge's types say what that may be). */
  requests<C extends InvokeChannel>(channel: C): InvokeRequest<C>[] {
    return this.calls.filter((call) => call.channel === channel).map((call) => call.request as InvokeRequest<C>)
  }
}

export class FakeEngineRoom implements EngineRoom {
  readonly provider = 'p2p' as const
  readonly events = new TypedEmitter<RoomEvents>()
  readonly peers = new Set<string>()
  readonly outgoing: Array<[TrackKind, MediaStreamTrack | null]> = []
  readonly enabled: Array<[TrackKind, boolean]> = []
  disconnected = false
  /** What getStats() hands out, one per call, oldest first. */
  readonly stats: StatsSnapshot[] = []
  constructor(readonly options: EngineConnectOptions) {}
  async getStats(): Promise<StatsSnapshot | null> {
    return this.stats.shift() ?? null
  }
  get name(): string {
    return this.options.room
  }
  participants(): string[] {
    return [...this.peers]
  }
  /** Who a participant is, as a p2p room's presence data says; the test fills it in. */
  readonly people = new Map<string, { id: string; username: string; name: string }>()
  personOf(identity: string): { id: string; username: string; name: string } | undefined {
    return this.people.get(identity)
  }
  on<E extends keyof RoomEvents>(event: E, listener: RoomEvents[E]): () => void {
    return this.events.on(event, listener)
  }
  async setOutgoingTrack(kind: TrackKind, track: MediaStreamTrack | null): Promise<void> {
    this.outgoing.push([kind, track])
  }
  setTrackEnabled(kind: TrackKind, enabled: boolean): void {
    this.enabled.push([kind, enabled])
  }
  /** Each setEffectsActive, in order. */
  readonly effectsActive: boolean[] = []
  setEffectsActive(active: boolean): void {
    this.effectsActive.push(active)
  }
  disconnect(): void {
    if (this.disconnected) return
    this.disconnected = true
    this.events.emit('disconnected', { reason: 'local' })
  }
  // Test-side happenings:
  peerJoins(identity: string): void {
    this.peers.add(identity)
    this.events.emit('participantConnected', identity)
    this.events.emit('trackSubscribed', fakeTrack('audio'), identity)
    this.events.emit('trackSubscribed', fakeTrack('video'), identity)
  }
  peerLeaves(identity: string): void {
    this.peers.delete(identity)
    this.events.emit('participantDisconnected', identity)
  }
  ends(ended: RoomEnded): void {
    this.events.emit('disconnected', ended)
  }
}

export class FakeEngine implements CallEngine {
  readonly provider = 'p2p' as const
  /** Like the p2p engine when true: joined with no tracks, given them by setOutgoingTrack. */
  joinsBeforeMedia = false
  readonly rooms: FakeEngineRoom[] = []
  failWith: Error | null = null
  /** What prepare() was asked for, and how often its release was called. */
  prepared = 0
  released = 0
  prepare(): () => void {
    this.prepared += 1
    return () => {
      this.released += 1
    }
  }
  /** When set, connect() waits for it (a slow join), then fails or joins. */
  connectGate: Promise<void> | null = null
  async connect(options: EngineConnectOptions): Promise<EngineRoom> {
    if (this.connectGate) await this.connectGate
    if (this.failWith) throw this.failWith
    const room = new FakeEngineRoom(options)
    this.rooms.push(room)
    return room
  }
  get room(): FakeEngineRoom {
    const room = this.rooms.at(-1)
    if (!room) throw new Error('no room joined')
    return room
  }
}

export function fakeStream(tracks: MediaStreamTrack[]): MediaStream {
  return {
    getTracks: () => [...tracks],
    getAudioTracks: () => tracks.filter((track) => track.kind === 'audio'),
    getVideoTracks: () => tracks.filter((track) => track.kind === 'video')
  } as unknown as MediaStream
}

export class FakeDevices implements MediaDevicesLike {
  readonly handedOut: FakeMediaStreamTrack[] = []
  readonly constraints: MediaStreamConstraints[] = []
  userMediaError: Error | null = null
  displayMediaError: Error | null = null
  /** When set, getUserMedia waits for it (a camera that is slow to start). */
  userMediaGate: Promise<void> | null = null
  async getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
    this.constraints.push(constraints)
    if (this.userMediaGate) await this.userMediaGate
    if (this.userMediaError) throw this.userMediaError
    const tracks: MediaStreamTrack[] = []
    if (constraints.audio) tracks.push(fakeTrack('audio'))
    if (constraints.video) tracks.push(fakeTrack('video'))
    this.handedOut.push(...(tracks as unknown as FakeMediaStreamTrack[]))
    return fakeStream(tracks)
  }
  async getDisplayMedia(): Promise<MediaStream> {
    if (this.displayMediaError) throw this.displayMediaError
    const screen = new (class extends FakeMediaStreamTrack {
      contentHint = ''
      addEventListener(): void {}
    })('video')
    this.handedOut.push(screen)
    return fakeStream([screen as unknown as MediaStreamTrack])
  }
}

export function domError(name: string): Error {
  const error = new Error(name)
  error.name = name
  return error
}
