// The call controller's surface: what the screens use to place, answer and run a call.
// The screens depend on these types only; the implementation (controller.ts) and the
// engines behind it are loaded lazily when a call starts or rings.
import type { BackgroundState } from '../../common/background'
import type { CallParticipant as NamedPerson, Profile } from '../../common/api'
import type { CallOutcome } from '../../common/calls'
import type { PrivacyDevice, Ring, ShoutitBridge } from '../../common/ipc'

/** The ring's kind is not needed to answer: `CallOptions.video` says how the user answered. */
export type RingToAnswer = Omit<Ring, 'kind'>
import type { RemoteMediaState } from './engine'
import type { VideoLimit } from './video-adaptation'
import type { CallStats } from './call-stats'

export type { CallStats, MediaRoute, QualityCause, VideoFigures } from './call-stats'
import type { Invitation } from './invitations'

export type { RemoteMediaState } from './engine'
export type { Invitation, InvitationState } from './invitations'

/** 'unavailable': wanted, but the RNNoise worklet did not start; the raw microphone is sent. */
export type NoiseSuppressionState = 'on' | 'off' | 'unavailable'

/** One other person in the call, by the engine's identity; their media is CallMedia.remoteStreams[identity]. */
export interface CallParticipant {
  identity: string
  /** Their microphone and camera as they report them, and their own reconnecting. */
  remote: RemoteMediaState
  /** The engine's dominant speaker: the one talking now. */
  speaking: boolean
  /** Their name, when the call knows who this identity is; screens fall back to a numbered label. */
  name?: string
}
/**
 * Microphone and camera as the user set them. They can be set before the call connects
 * (while it rings, while joining) and the call starts that way.
 */
export interface LocalControls {
  muted: boolean
  cameraOff: boolean
}

export type CallPhase =
  | { phase: 'idle' }
  /** Looking up the callee's identity, fetching a token, joining the room. */
  | ({ phase: 'preparing'; peer: Profile } & LocalControls)
  | ({
      phase: 'ringing'
      peer: Profile
      attempt: number
      maxAttempts: number
      /** The last attempt found the callee not online: nobody is being rung until a retry reaches them. */
      calleeOffline: boolean
    } & LocalControls)
  /** Answering an incoming ring: joining the caller's room. */
  | ({ phase: 'connecting'; peer: Profile } & LocalControls)
  | ({
      phase: 'in-call'
      peer: Profile
      /** Unix ms when the other side joined. */
      startedAt: number
      reconnecting: boolean
      /** 0–5 as twilio-video reports it; null when the engine has no measure. */
      networkQuality: number | null
      sharingScreen: boolean
      /** The first other participant's microphone and camera as it reports them, and its own reconnecting. */
      remote: RemoteMediaState
      /** Everyone else in the call, in the order they joined (a 1:1 call: one). */
      participants: CallParticipant[]
      /**
       * Our video is sent smaller or slower than the camera gives it, because of the network
       * or our CPU (p2p's adaptation); absent while it is sent in full.
       */
      outgoingVideoReduced?: Exclude<VideoLimit, 'none'>
      /** Everyone invited during this call (invite()), in the order they were invited, each with their ring's answer. */
      invitations: Invitation[]
      /** RNNoise on our microphone; absent while the microphone has not started. */
      noiseSuppression?: NoiseSuppressionState
      /** The camera's background chain; absent while there is no camera or no chain. */
      background?: BackgroundState
      /** The background effect was turned off for this call: the CPU could not keep up with it (the setting stays). */
      backgroundShed?: true
    } & LocalControls)
  | {
      phase: 'ended'
      peer: Profile
      /** Everyone else who was in the call besides the peer (a group call), as far as their names are known. */
      others?: readonly NamedPerson[]
      outcome: CallOutcome
      /** What the outcome alone does not say (why it failed, who hung up); never a restatement of it. */
      message?: string
      /** How long the two talked, for a call that was answered. */
      durationSeconds?: number
      /** A voice call to the end (begun without the camera, never turned on): call again the same way. */
      voice?: true
      /** Failed because the OS or the user refused this device: the end screen says how to allow it. */
      blocked?: PrivacyDevice
    }

export interface CallMedia {
  localStream: MediaStream | null
  /** The first other participant's media (what a 1:1 screen shows). */
  remoteStream: MediaStream | null
  /** Each other participant's media, by identity; a participant with no track yet has none. */
  remoteStreams: Readonly<Record<string, MediaStream>>
  /**
   * What the microphone hears, muted or not (a clone of the captured track, never sent): for
   * the "You're muted" hint. Absent or null without a microphone.
   */
  microphoneMonitor?: MediaStream | null
}

export interface CallOptions {
  /**
   * False for a voice call: the camera is not started (nor asked for) and the call begins
   * with the camera off; turning it on later starts it.
   */
  video?: boolean
}

export interface CallController {
  getState(): CallPhase
  getMedia(): CallMedia
  /** Fires on any state or media change; shaped for useSyncExternalStore. */
  subscribe(listener: () => void): () => void
  /** Outgoing: identity lookup, token, engine connect, ring loop. */
  call(peer: Profile, options?: CallOptions): Promise<void>
  /** Incoming, accepted: join ring.room. */
  answer(ring: RingToAnswer, options?: CallOptions): Promise<void>
  /**
   * A ring has started here: fetch what answering needs (settings, video token, engine, the
   * room's realtime connection) so that Accept only has to start the camera and join. The camera
   * stays off, nobody is told anything; idempotent.
   */
  warmUp(): void
  /** The ring ended unanswered: let go of what warmUp() got. */
  coolDown(): void
  /** The session is over: hangs up, cools down, stops listening to main. */
  dispose(): void
  /** Also cancels while ringing. */
  hangUp(): void
  setMuted(muted: boolean): void
  /** Turning the camera on in a call that has none (a voice call) starts it. */
  setCameraOff(off: boolean): void
  /**
   * Whether any of the others' video is on screen now (false: the window is hidden and no
   * small call window shows them). While false, the engine stops receiving their video
   * where it can, so neither the network nor the decoder spends anything on it.
   */
  setRemoteVideoShown(shown: boolean): void
  startScreenShare(): Promise<void>
  stopScreenShare(): Promise<void>
  setDevices(devices: { cameraId?: string; microphoneId?: string }): Promise<void>
  /**
   * Rings this person into the call's room, with the call's kind (docs/api.md §4.3, group
   * calls). Only in a call (the in-call phase); someone already in the call, or being rung,
   * is not rung again. Otherwise nothing happens, and the console says why.
   */
  invite(peer: Profile): void
  /** Stops ringing this invited person (they get the missed report); an answered invitation stays. */
  cancelInvitation(username: string): void
  /** ended → idle. */
  dismiss(): void
  /**
   * The call's live figures (Call quality panel): rates since the previous call of this
   * method, so read it at a steady pace (once a second). Null outside a call or when the
   * engine cannot say.
   */
  getCallStats(): Promise<CallStats | null>
}

export interface CallControllerOptions {
  /** Pause between ring attempts, seconds (docs/api.md §6); defaults to the setting or 10 s. */
  retryPauseSeconds?: number
  /** ICE servers for the p2p engine; none are needed on one machine or a LAN. */
  iceServers?: RTCIceServer[]
  /** 'relay' sends media only through TURN: for tests that must prove the relay path works. */
  iceTransportPolicy?: RTCIceTransportPolicy
}

export type CreateCallController = (bridge: ShoutitBridge, options?: CallControllerOptions) => CallController
