// Calls through a Janus VideoRoom (docs/api.md §7), with Meetecho's own browser client
// (janus-gateway's janus.js): one Janus session per room, one handle that joins as a
// publisher and sends our camera and microphone, and one multistream subscriber handle that
// receives every other publisher's tracks on a single RTCPeerConnection. Janus never sees
// our video token: main asks the server for a token that joins this one room. Everyone
// publishes under their video identity as the display name, so the room's events are keyed
// by identity as the engine interface wants.
import adapter from 'webrtc-adapter'
import Janus, { type JanusJS } from 'janus-gateway'
import { z } from 'zod'
import { mergeSnapshots, snapshotFromReport, type StatsSnapshot } from './call-stats'
import type { ShoutitBridge } from '../../common/ipc'
import { t } from '../i18n'
import { request } from './bridge-calls'
import { TypedEmitter } from './emitter'
import { EngineConnectError, type CallEngine, type EngineConnectOptions, type EngineRoom, type RoomEnded, type RoomEvents, type TrackKind } from './engine'

const VIDEOROOM = 'janus.plugin.videoroom'
/** VideoRoom error codes the call flow tells apart. */
const UNAUTHORIZED = 433
const TOO_MANY_PUBLISHERS = 432
const NO_SUCH_ROOM = 426

const PublisherSchema = z.looseObject({ id: z.union([z.number(), z.string()]), display: z.string().optional() })
const StreamSchema = z.looseObject({
  mid: z.string().optional(),
  feed_id: z.union([z.number(), z.string()]).optional(),
  feed_display: z.string().optional(),
  active: z.boolean().optional()
})
const VideoRoomEventSchema = z.looseObject({
  videoroom: z.string(),
  id: z.union([z.number(), z.string()]).optional(),
  private_id: z.number().optional(),
  publishers: z.array(PublisherSchema).optional(),
  attendees: z.array(PublisherSchema).optional(),
  joining: PublisherSchema.optional(),
  leaving: z.union([z.number(), z.string()]).optional(),
  unpublished: z.union([z.number(), z.string()]).optional(),
  kicked: z.union([z.number(), z.string()]).optional(),
  streams: z.array(StreamSchema).optional(),
  error_code: z.number().optional(),
  error: z.string().optional()
})
type VideoRoomEvent = z.infer<typeof VideoRoomEventSchema>
/** Feed ids are numbers, or strings with the VideoRoom's `string_ids`: kept as Janus sent them, keyed by their text. */
type FeedId = string
type RawFeedId = number | string

export interface JanusEngineOptions {
  bridge: ShoutitBridge
  /** Used with the token's STUN/TURN servers (for Janus behind NAT, or clients behind a firewall). */
  iceServers?: RTCIceServer[]
  iceTransportPolicy?: RTCIceTransportPolicy
}

let initialised: Promise<void> | undefined

function initJanus(): Promise<void> {
  // The dependencies are handed in: the ES build of janus.js expects webrtc-adapter as a global.
  initialised ??= new Promise<void>((resolve) => Janus.init({ debug: false, dependencies: Janus.useDefaultDependencies({ adapter }), callback: () => resolve() }))
  return initialised
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message
  return typeof error === 'string' ? error : JSON.stringify(error)
}

/** A plugin request that Janus answers synchronously, as a promise. */
function send(handle: JanusJS.PluginHandle, message: JanusJS.PluginMessage['message'], jsep?: JanusJS.JSEP): Promise<void> {
  return new Promise((resolve, reject) => handle.send({ message, ...(jsep ? { jsep } : {}), success: () => resolve(), error: (error) => reject(new Error(error)) }))
}

class JanusRoom implements EngineRoom {
  readonly provider = 'janus' as const
  readonly #events = new TypedEmitter<RoomEvents>()
  /** Every other participant in the room (publishing or not), by their feed id. */
  readonly #participants = new Map<FeedId, string>()
  /** Which participant each subscribed mid carries, from the subscriber's `streams`. */
  readonly #mids = new Map<string, string>()
  readonly #remoteTracks = new Map<string, MediaStreamTrack>()
  readonly #subscribed = new Map<FeedId, RawFeedId>()
  readonly #outgoing = new Map<TrackKind, MediaStreamTrack | null>()
  #subscriber: Promise<JanusJS.PluginHandle> | undefined
  /** Subscription changes, one renegotiation at a time. */
  #subscriptions: Promise<void> = Promise.resolve()
  #privateId: number | undefined
  #ended = false
  /** Events before the caller has the room (tracks of those already in it) wait for its listeners. */
  #held: Array<() => void> | undefined = []

  constructor(
    readonly name: string,
    private readonly janus: Janus,
    private readonly publisher: JanusJS.PluginHandle,
    private readonly token: string,
    private readonly identity: string
  ) {}

  /** Hands held events on once the caller, given the room, has had its turn to listen. */
  goLive(): void {
    setTimeout(() => {
      const held = this.#held ?? []
      this.#held = undefined
      for (const emit of held) emit()
    }, 0)
  }

  #emit<E extends keyof RoomEvents>(event: E, ...args: Parameters<RoomEvents[E]>): void {
    if (this.#held) this.#held.push(() => this.#events.emit(event, ...args))
    else this.#events.emit(event, ...args)
  }

  participants(): string[] {
    return [...new Set(this.#participants.values())]
  }

  on<E extends keyof RoomEvents>(event: E, listener: RoomEvents[E]): () => void {
    return this.#events.on(event, listener)
  }

  /** What the publisher handle's join answered: who is in the room already. */
  joined(event: VideoRoomEvent): void {
    this.#privateId = event.private_id
    for (const attendee of event.attendees ?? []) this.#arrived(String(attendee.id), attendee.display)
    this.#publishersAppeared(event.publishers ?? [])
  }

  /** Events on the publisher handle after joining. */
  publisherEvent(event: VideoRoomEvent, jsep?: JanusJS.JSEP): void {
    if (jsep) this.publisher.handleRemoteJsep({ jsep, error: (error) => this.fail(t('mediaServer.mediaFailed', { error: describe(error) })) })
    if (event.videoroom === 'destroyed') return this.finish({ reason: 'completed' })
    if (event.joining) this.#arrived(String(event.joining.id), event.joining.display)
    if (event.publishers) this.#publishersAppeared(event.publishers)
    if (event.unpublished !== undefined && event.unpublished !== 'ok') this.#unsubscribe(String(event.unpublished))
    if (event.leaving !== undefined && event.leaving !== 'ok') this.#left(String(event.leaving))
    if (event.kicked !== undefined) this.#left(String(event.kicked))
    if (event.error_code !== undefined) console.warn('call: janus refused a request', event.error_code, event.error)
  }

  /** Sends the tracks given on connect: one offer with each kind, sendonly. */
  publish(tracks: MediaStreamTrack[]): Promise<void> {
    const options: JanusJS.TrackOption[] = []
    for (const track of tracks) {
      if (track.kind !== 'audio' && track.kind !== 'video') continue
      this.#outgoing.set(track.kind, track)
      // dontStop: the caller owns the track; janus.js must not stop it when it hangs up.
      options.push({ type: track.kind, capture: track, recv: false, dontStop: true })
    }
    return this.#offer(options)
  }

  async setOutgoingTrack(kind: TrackKind, track: MediaStreamTrack | null): Promise<void> {
    if (this.#ended) return
    const sender = this.#sender(kind)
    this.#outgoing.set(kind, track)
    // The same m-line carries the new track: no renegotiation, Janus sees the same stream.
    if (sender) return sender.replaceTrack(track)
    if (track) await this.#offer([{ type: kind, capture: track, recv: false, add: true, dontStop: true }])
  }

  setTrackEnabled(kind: TrackKind, enabled: boolean): void {
    const track = this.#outgoing.get(kind)
    if (track) track.enabled = enabled
  }

  disconnect(): void {
    this.finish({ reason: 'local' })
  }

  fail(message: string): void {
    this.finish({ reason: 'failed', message })
  }

  iceState(state: string): void {
    if (this.#ended) return
    if (state === 'disconnected') this.#emit('reconnecting', { message: t('mediaServer.unstable') })
    else if (state === 'connected') this.#emit('reconnected')
    else if (state === 'failed') this.fail(t('mediaServer.lost'))
  }

  finish(ended: RoomEnded): void {
    if (this.#ended) return
    this.#ended = true
    for (const [mid, track] of this.#remoteTracks) this.#emit('trackUnsubscribed', track, this.#mids.get(mid) ?? '')
    this.#remoteTracks.clear()
    if (ended.reason === 'local') this.publisher.send({ message: { request: 'leave' } })
    this.janus.destroy({ cleanupHandles: true, notifyDestroyed: false } as JanusJS.DestroyOptions)
    this.#emit('disconnected', ended)
    if (!this.#held) this.#events.clear()
  }

  /** The publisher's and the subscriber's peer connections as one snapshot (what we send, what we receive). */
  async getStats(): Promise<StatsSnapshot | null> {
    if (this.#ended) return null
    const subscriber = this.#subscriber ? await this.#subscriber.catch(() => undefined) : undefined
    const pcs = [peerConnectionOf(this.publisher), subscriber && peerConnectionOf(subscriber)].filter((pc): pc is RTCPeerConnection => pc !== undefined)
    const snapshots = await Promise.all(pcs.map((pc) => pc.getStats().then((report) => snapshotFromReport(report), () => null)))
    return mergeSnapshots(snapshots.filter((snapshot): snapshot is StatsSnapshot => snapshot !== null))
  }

  #sender(kind: TrackKind): RTCRtpSender | undefined {
    const pc = peerConnectionOf(this.publisher)
    return pc?.getTransceivers().find((transceiver) => transceiver.sender.track?.kind === kind || transceiver.receiver.track.kind === kind)?.sender
  }

  #offer(tracks: JanusJS.TrackOption[]): Promise<void> {
    if (tracks.length === 0) return Promise.resolve()
    return new Promise((resolve, reject) =>
      this.publisher.createOffer({
        tracks,
        success: (jsep) => {
          send(this.publisher, { request: 'configure', audio: true, video: true }, jsep).then(resolve, reject)
        },
        error: (error) => reject(new Error(t('mediaServer.mediaFailed', { error: describe(error) })))
      })
    )
  }

  #arrived(feed: FeedId, display: string | undefined): void {
    if (!display || display === this.identity || this.#participants.has(feed)) return
    this.#participants.set(feed, display)
    this.#emit('participantConnected', display)
  }

  #left(feed: FeedId): void {
    this.#unsubscribe(feed)
    const identity = this.#participants.get(feed)
    if (identity === undefined) return
    this.#participants.delete(feed)
    this.#emit('participantDisconnected', identity)
  }

  #publishersAppeared(publishers: z.infer<typeof PublisherSchema>[]): void {
    const fresh: RawFeedId[] = []
    for (const publisher of publishers) {
      const feed = String(publisher.id)
      this.#arrived(feed, publisher.display)
      if (publisher.display === this.identity || this.#subscribed.has(feed)) continue
      this.#subscribed.set(feed, publisher.id)
      fresh.push(publisher.id)
    }
    if (fresh.length > 0) this.#queue(() => this.#subscribe(fresh))
  }

  #unsubscribe(feed: FeedId): void {
    const raw = this.#subscribed.get(feed)
    if (raw === undefined) return
    this.#subscribed.delete(feed)
    this.#queue(async () => {
      const subscriber = await this.#subscriber
      if (subscriber) await send(subscriber, { request: 'unsubscribe', streams: [{ feed: raw }] })
    })
  }

  #queue(change: () => Promise<void>): void {
    this.#subscriptions = this.#subscriptions.then(change).catch((error: unknown) => {
      if (!this.#ended) console.warn('call: a janus subscription change failed', describe(error))
    })
  }

  async #subscribe(feeds: RawFeedId[]): Promise<void> {
    if (this.#ended) return
    const streams = feeds.map((feed) => ({ feed }))
    if (this.#subscriber) {
      const subscriber = await this.#subscriber
      await send(subscriber, { request: 'subscribe', streams })
      return
    }
    this.#subscriber = this.#attachSubscriber()
    const subscriber = await this.#subscriber
    await send(subscriber, {
      request: 'join',
      ptype: 'subscriber',
      room: this.name,
      token: this.token,
      ...(this.#privateId !== undefined ? { private_id: this.#privateId } : {}),
      streams
    })
  }

  #attachSubscriber(): Promise<JanusJS.PluginHandle> {
    return new Promise((resolve, reject) => {
      let handle: JanusJS.PluginHandle | undefined
      this.janus.attach({
        plugin: VIDEOROOM,
        success: (attached) => {
          handle = attached
          resolve(attached)
        },
        error: (error) => reject(new Error(t('mediaServer.refused', { error }))),
        iceState: (state) => this.iceState(state),
        onmessage: (message, jsep) => {
          const parsed = VideoRoomEventSchema.safeParse(message)
          if (!parsed.success || !handle) return
          for (const stream of parsed.data.streams ?? []) {
            if (stream.mid !== undefined && stream.feed_display) this.#mids.set(stream.mid, stream.feed_display)
          }
          // Janus offers what we subscribed to (again after each change); we answer receive-only.
          if (jsep) {
            const subscriber = handle
            subscriber.createAnswer({
              jsep,
              tracks: [],
              success: (answer) => void send(subscriber, { request: 'start' }, answer).catch((error: unknown) => this.fail(describe(error))),
              error: (error) => this.fail(t('mediaServer.mediaFailed', { error: describe(error) }))
            })
          }
        },
        onremotetrack: (track, mid, on) => {
          const identity = this.#mids.get(mid)
          const known = this.#remoteTracks.get(mid)
          if (on && identity) {
            if (known === track) return
            if (known) this.#emit('trackUnsubscribed', known, identity)
            this.#remoteTracks.set(mid, track)
            this.#emit('trackSubscribed', track, identity)
          } else if (!on && known) {
            this.#remoteTracks.delete(mid)
            this.#emit('trackUnsubscribed', known, identity ?? '')
          }
        }
      })
    })
  }
}

/** janus.js keeps a handle's RTCPeerConnection in its (untyped) webrtcStuff. */
function peerConnectionOf(handle: JanusJS.PluginHandle): RTCPeerConnection | undefined {
  return (handle as unknown as { webrtcStuff?: { pc?: RTCPeerConnection } }).webrtcStuff?.pc
}

export function createJanusEngine(options: JanusEngineOptions): CallEngine {
  return {
    provider: 'janus',
    async connect(connect: EngineConnectOptions): Promise<EngineRoom> {
      const [video, roomToken] = await Promise.all([
        request(options.bridge, 'video:getToken', { minValidSeconds: 0 }),
        request(options.bridge, 'video:janusRoomToken', { room: connect.room }),
        initJanus()
      ])
      if (!video.janus) throw new EngineConnectError('failed', t('mediaServer.noAddress'))
      const iceServers = [...(options.iceServers ?? []), ...(connect.iceServers ?? [])]
      const janus = await new Promise<Janus>((resolve, reject) => {
        const session: Janus = new Janus({
          server: video.janus!.url,
          token: roomToken.token,
          iceServers,
          ...(options.iceTransportPolicy ? { iceTransportPolicy: options.iceTransportPolicy } : {}),
          success: () => resolve(session),
          error: (error: unknown) => {
            reject(new EngineConnectError('failed', t('mediaServer.unreachable', { error: describe(error) })))
            room?.fail(t('mediaServer.lost'))
          },
          destroyed: () => room?.finish({ reason: 'failed', message: t('mediaServer.ended') })
        })
      })
      let room: JanusRoom | undefined
      const joined = new Promise<VideoRoomEvent>((resolve, reject) => {
        janus.attach({
          plugin: VIDEOROOM,
          success: (handle) => {
            room = new JanusRoom(connect.room, janus, handle, roomToken.token, connect.identity)
            handle.send({
              message: { request: 'join', ptype: 'publisher', room: connect.room, token: roomToken.token, display: connect.identity },
              error: (error) => reject(new EngineConnectError('failed', t('mediaServer.refused', { error })))
            })
          },
          error: (error) => reject(new EngineConnectError('failed', t('mediaServer.refused', { error }))),
          iceState: (state) => room?.iceState(state),
          onmessage: (message, jsep) => {
            const parsed = VideoRoomEventSchema.safeParse(message)
            if (!parsed.success) return
            const event = parsed.data
            if (event.videoroom === 'joined') return resolve(event)
            if (event.error_code === UNAUTHORIZED || event.error_code === NO_SUCH_ROOM) {
              return reject(new EngineConnectError('failed', t('mediaServer.notInCall'), event.error_code))
            }
            if (event.error_code === TOO_MANY_PUBLISHERS) return reject(new EngineConnectError('busy', t('callErrors.callFull'), event.error_code))
            room?.publisherEvent(event, jsep)
          }
        })
      })
      try {
        const event = await joined
        room!.joined(event)
        await room!.publish(connect.tracks)
        room!.goLive()
        return room!
      } catch (error) {
        if (room) room.finish({ reason: 'local' })
        else janus.destroy({})
        throw error instanceof EngineConnectError ? error : new EngineConnectError('failed', describe(error))
      }
    }
  }
}
