// An EventEmitter fake of twilio-video: the Room, participants and tracks emit the SDK's
// real event names with its argument order, and errors are the SDK's own error classes
// (twilio-video/es5/util/twilio-video-errors), so the engine meets the codes it will meet
// in production.
import { EventEmitter } from 'node:events'
import { createRequire } from 'node:module'
import type {
  TwilioConnectOptionsLike,
  TwilioLocalTrackLike,
  TwilioRemoteParticipantLike,
  TwilioRemotePublicationLike,
  TwilioStatsReportLike,
  TwilioTrackLike,
  TwilioVideoLike
} from '../../../../renderer/calling/twilio-engine'

type TwilioErrorClass = new () => Error & { code: number }
const require = createRequire(import.meta.url)
export const twilioErrors = require('twilio-video/es5/util/twilio-video-errors') as Record<string, TwilioErrorClass>

export function twilioError(name: string): Error & { code: number } {
  const ErrorClass = twilioErrors[name]
  if (!ErrorClass) throw new Error(`twilio-video has no ${name}`)
  return new ErrorClass()
}

export class FakeMediaStreamTrack {
  enabled = true
  readyState: 'live' | 'ended' = 'live'
  private static nextId = 1
  readonly id = `track-${FakeMediaStreamTrack.nextId++}`
  /** The track this one is a clone of. */
  clonedFrom: FakeMediaStreamTrack | null = null
  constructor(readonly kind: 'audio' | 'video') {}
  stop(): void {
    this.readyState = 'ended'
  }
  clone(): FakeMediaStreamTrack {
    const copy = new FakeMediaStreamTrack(this.kind)
    copy.enabled = this.enabled
    copy.clonedFrom = this
    return copy
  }
}

export function fakeTrack(kind: 'audio' | 'video'): MediaStreamTrack {
  return new FakeMediaStreamTrack(kind) as unknown as MediaStreamTrack
}

class FakeLocalTrack implements TwilioLocalTrackLike {
  isEnabled = true
  isStopped = false
  constructor(readonly mediaStreamTrack: MediaStreamTrack) {}
  get kind(): string {
    return this.mediaStreamTrack.kind
  }
  enable(enabled = true): this {
    this.isEnabled = enabled
    return this
  }
  stop(): this {
    this.isStopped = true
    this.mediaStreamTrack.stop()
    return this
  }
}

class FakeLocalParticipant extends EventEmitter {
  identity = 'me'
  readonly tracks = new Map<string, { track: FakeLocalTrack }>()
  constructor(tracks: MediaStreamTrack[]) {
    super()
    for (const track of tracks) this.tracks.set(track.id, { track: new FakeLocalTrack(track) })
  }
  async publishTrack(track: MediaStreamTrack): Promise<{ track: FakeLocalTrack }> {
    const publication = { track: new FakeLocalTrack(track) }
    this.tracks.set(track.id, publication)
    return publication
  }
  unpublishTrack(track: TwilioLocalTrackLike | MediaStreamTrack): void {
    for (const [id, publication] of this.tracks) {
      if (publication.track === track || publication.track.mediaStreamTrack === track) this.tracks.delete(id)
    }
  }
  publishedKinds(): string[] {
    return [...this.tracks.values()].map((publication) => publication.track.kind).sort()
  }
}

/** A RemoteTrackPublication: kind and isTrackEnabled as the SDK has them. */
export interface FakeRemotePublication extends TwilioRemotePublicationLike {
  kind: 'audio' | 'video'
  isTrackEnabled: boolean
  track: TwilioTrackLike | null
}

export class FakeRemoteParticipant extends EventEmitter implements TwilioRemoteParticipantLike {
  readonly tracks = new Map<string, FakeRemotePublication>()
  constructor(readonly identity: string) {
    super()
  }
}

export class FakeRoom extends EventEmitter {
  state: 'connected' | 'reconnecting' | 'disconnected' = 'connected'
  readonly participants = new Map<string, FakeRemoteParticipant>()
  dominantSpeaker: FakeRemoteParticipant | null = null
  readonly localParticipant: FakeLocalParticipant
  /** What room.getStats() resolves to next: twilio-video's StatsReport[], one per peer connection. */
  stats: TwilioStatsReportLike[] = []
  constructor(
    readonly name: string,
    readonly token: string,
    readonly options: TwilioConnectOptionsLike
  ) {
    super()
    this.localParticipant = new FakeLocalParticipant(options.tracks)
  }

  async getStats(): Promise<TwilioStatsReportLike[]> {
    return this.stats
  }

  /** Like the SDK: emits 'disconnected' synchronously, without an error for a local hang-up. */
  disconnect(): this {
    if (this.state === 'disconnected') return this
    this.state = 'disconnected'
    this.emit('disconnected', this)
    return this
  }

  // Server-side happenings, in the SDK's event shapes:
  join(identity: string, kinds: Array<'audio' | 'video'> = ['audio', 'video']): FakeRemoteParticipant {
    const participant = new FakeRemoteParticipant(identity)
    this.participants.set(`PA-${identity}`, participant)
    this.emit('participantConnected', participant)
    for (const kind of kinds) this.subscribe(participant, kind)
    return participant
  }
  subscribe(participant: FakeRemoteParticipant, kind: 'audio' | 'video'): TwilioTrackLike {
    const track: TwilioTrackLike = { kind, mediaStreamTrack: fakeTrack(kind) }
    const publication: FakeRemotePublication = { kind, isTrackEnabled: true, track }
    participant.tracks.set(`MT-${kind}-${participant.tracks.size}`, publication)
    this.emit('trackSubscribed', track, publication, participant)
    return track
  }
  leave(participant: FakeRemoteParticipant): void {
    for (const [sid, publication] of participant.tracks) {
      participant.tracks.delete(sid)
      this.emit('trackUnsubscribed', publication.track, publication, participant)
    }
    for (const [sid, candidate] of this.participants) if (candidate === participant) this.participants.delete(sid)
    this.emit('participantDisconnected', participant)
    // As the SDK: a speaker who leaves is no longer the speaker, told right after.
    if (this.dominantSpeaker === participant) this.speaks(null)
  }
  /** The SFU names a new dominant speaker: Room#dominantSpeakerChanged(RemoteParticipant | null). */
  speaks(participant: FakeRemoteParticipant | null): void {
    this.dominantSpeaker = participant
    this.emit('dominantSpeakerChanged', participant)
  }
  /**
   * The participant disables or enables a published track (mute, camera off): the
   * publication's isTrackEnabled flips, the participant emits trackDisabled/trackEnabled
   * (publication) and the room re-emits it with the participant last, as the SDK does.
   */
  setTrackEnabled(participant: FakeRemoteParticipant, kind: 'audio' | 'video', enabled: boolean): void {
    const event = enabled ? 'trackEnabled' : 'trackDisabled'
    for (const publication of participant.tracks.values()) {
      if (publication.kind !== kind) continue
      publication.isTrackEnabled = enabled
      participant.emit(event, publication)
      this.emit(event, publication, participant)
    }
  }
  /** The participant's own connection drops and recovers (RemoteParticipant reconnecting/reconnected). */
  participantReconnecting(participant: FakeRemoteParticipant): void {
    participant.emit('reconnecting')
    this.emit('participantReconnecting', participant)
  }
  participantReconnected(participant: FakeRemoteParticipant): void {
    participant.emit('reconnected')
    this.emit('participantReconnected', participant)
  }
  reconnecting(error: Error): void {
    this.state = 'reconnecting'
    this.emit('reconnecting', error)
  }
  reconnected(): void {
    this.state = 'connected'
    this.emit('reconnected')
  }
  /** The SDK ends a room it lost with disconnected(room, error). */
  fail(error: Error): void {
    this.state = 'disconnected'
    this.emit('disconnected', this, error)
  }
}

/** The module double: connect() replies from a script of rooms or errors, in order. */
export class FakeTwilioVideo implements TwilioVideoLike {
  readonly rooms: FakeRoom[] = []
  readonly tokens: string[] = []
  private readonly script: Array<Error | 'room'>
  constructor(script: Array<Error | 'room'> = []) {
    this.script = [...script]
  }
  async connect(token: string, options: TwilioConnectOptionsLike): Promise<FakeRoom> {
    this.tokens.push(token)
    const next = this.script.shift() ?? 'room'
    if (next instanceof Error) throw next
    const room = new FakeRoom(options.name, token, options)
    this.rooms.push(room)
    return room
  }
  get lastRoom(): FakeRoom {
    const room = this.rooms.at(-1)
    if (!room) throw new Error('no room was joined')
    return room
  }
}
