// The one interface both media engines implement, shaped like twilio-video's Room: connect
// to a named room with a token, then participants, remote tracks and events until
// disconnect. The call flow and the screens know only this; the token's provider picks
// the implementation (engines.ts).
import type { VideoProvider } from '../../common/api'
import type { VideoLimit } from './video-adaptation'
import type { StatsSnapshot } from './call-stats'

export type TrackKind = 'audio' | 'video'

/** Why a room ended, in the terms the call flow acts on. */
export type RoomEndReason =
  /** We called disconnect(). */
  | 'local'
  /** The room is over on the other side (Twilio 53118, or the last other p2p member left). */
  | 'completed'
  /** Someone joined with our identity elsewhere (Twilio 53205): no rejoin. */
  | 'duplicate-identity'
  /** The room is full (Twilio 53105, p2p 403 on the room channel or a mesh already at its limit). */
  | 'busy'
  /** Anything else: signalling or media lost for good. */
  | 'failed'

export interface RoomEnded {
  reason: RoomEndReason
  /** A sentence for the user, when there is more to say than the reason. */
  message?: string
  /** The SDK's error code, when one caused it. */
  code?: number
}

/** What the other side says about its own media, and whether its connection is recovering. */
export interface RemoteMediaState {
  audioMuted: boolean
  videoOff: boolean
  reconnecting: boolean
}

export const REMOTE_MEDIA_ON: RemoteMediaState = { audioMuted: false, videoOff: false, reconnecting: false }

export interface RoomEvents {
  participantConnected: (identity: string) => void
  participantDisconnected: (identity: string) => void
  /** A remote media track became playable. */
  trackSubscribed: (track: MediaStreamTrack, identity: string) => void
  trackUnsubscribed: (track: MediaStreamTrack, identity: string) => void
  /** Media or signalling dropped and the engine is trying to restore it: show the banner. */
  reconnecting: (detail: { code?: number; message?: string }) => void
  reconnected: () => void
  /** A participant muted, turned the camera off (or on again), or is reconnecting: its whole state. */
  remoteState: (identity: string, state: RemoteMediaState) => void
  /** 0 (none) – 5 (excellent), as Twilio's network quality API reports it. */
  networkQuality: (level: number) => void
  /**
   * Who is talking loudest now (Twilio's dominant speaker; p2p: the receivers' audio
   * levels), or null when nobody is: for a group call's layout, never for anything else.
   */
  dominantSpeaker: (identity: string | null) => void
  /**
   * Our outgoing video is sent smaller or slower than the camera gives it, because of the
   * network ('bandwidth') or our CPU ('cpu'); 'none' when it is back to full (p2p only:
   * Twilio adapts with simulcast and says nothing).
   */
  outgoingVideoReduced: (limit: VideoLimit) => void
  /** The CPU cannot keep up while camera effects run: turn them off before the video is degraded (see setEffectsActive). */
  effectsTooCostly: () => void
  disconnected: (ended: RoomEnded) => void
}

export type RoomEventName = keyof RoomEvents

export interface EngineRoom {
  readonly name: string
  readonly provider: VideoProvider
  /** Identities of the other participants now in the room. */
  participants(): string[]
  /**
   * Who a participant is, when the room itself says (p2p: the server's presence data of the
   * room channel, whose members are named by profile id); engines that do not know answer
   * undefined or leave it out, and the caller looks the identity up.
   */
  personOf?(identity: string): { id: string; username: string; name: string } | undefined
  on<E extends RoomEventName>(event: E, listener: RoomEvents[E]): () => void
  /**
   * Sends this track as our outgoing audio or video from now on (a camera, another
   * device, or a shared screen); null stops sending that kind. The caller owns the track
   * and stops it; the engine only stops what it created itself.
   */
  setOutgoingTrack(kind: TrackKind, track: MediaStreamTrack | null): Promise<void>
  /** Mute or turn the camera off without renegotiating. */
  setTrackEnabled(kind: TrackKind, enabled: boolean): void
  /**
   * Optional: the camera runs through effects (background blur) that cost CPU, so that a
   * short CPU first asks for them to go (effectsTooCostly) before the picture is reduced.
   */
  setEffectsActive?(active: boolean): void
  /**
   * Optional: whether any of the others' video is shown now. False (a hidden window, no small
   * call window) lets the engine stop receiving and decoding it; p2p asks each peer to pause
   * its video to us. Twilio does this itself (clientTrackSwitchOffControl 'auto').
   */
  setRemoteVideoWanted?(wanted: boolean): void
  /**
   * The media's counters now, for the Call quality panel (call-stats.ts turns two into
   * figures); null while nothing is connected. Absent: the engine cannot say.
   */
  getStats?(): Promise<StatsSnapshot | null>
  /** Leaves the room; idempotent; emits disconnected({ reason: 'local' }) once. */
  disconnect(): void
}

export interface EngineConnectOptions {
  room: string
  token: string
  /** Our own identity (from the token), so the engine can tell us from the peer. */
  identity: string
  /** The STUN/TURN servers that came with the token (p2p), used with the engine's own. */
  iceServers?: RTCIceServer[]
  /** Local tracks to publish on join. */
  tracks: MediaStreamTrack[]
  /** A fresh video token from main, for engines that must rejoin after expiry. */
  refreshToken: () => Promise<string>
}

export interface CallEngine {
  readonly provider: VideoProvider
  /**
   * connect() may be given no tracks and take them later through setOutgoingTrack, without
   * renegotiating: the call then joins while the camera is still starting.
   */
  readonly joinsBeforeMedia?: boolean
  /**
   * Optional: starts what connect() will need and can start without the tracks (the p2p
   * signalling connection), so it overlaps getUserMedia. Returns a release for a call that
   * ends before connecting; after connect() it does nothing.
   */
  prepare?(): () => void
  connect(options: EngineConnectOptions): Promise<EngineRoom>
}

/** A failure to join, with the reason the call flow maps to an outcome. */
export class EngineConnectError extends Error {
  constructor(
    readonly reason: Exclude<RoomEndReason, 'local'>,
    message: string,
    readonly code?: number
  ) {
    super(message)
    this.name = 'EngineConnectError'
  }
}
