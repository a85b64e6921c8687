// The call controller's surface: what the screens use to place, answer and run a call.
// The screens depend on these types only; the implementation (controller.ts) and the
// engines behind it are loaded lazily when a call starts or rings.
import type { Profile } from '../../common/api'
import type { CallOutcome } from '../../common/calls'
import type { PrivacyDevice, Ring, ShoutitBridge } from '../../common/ipc'

/** The ring's kind is not needed to answer: `CallOptions.video` says how the user answered. */
export type RingToAnswer = Omit<Ring, 'kind'>
import type { RemoteMediaState } from './engine'

export type { RemoteMediaState } from './engine'
export type { Invitation, InvitationState } from './invitations'
import type { Invitation } from './invitations'

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
      /** Everyone rung into this call while it is on, in the order they were invited. */
      invitations: Invitation[]
      /** RNNoise on our microphone; absent while the microphone has not started. */
      noiseSuppression?: NoiseSuppressionState
    } & LocalControls)
  | {
      phase: 'ended'
      peer: Profile
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
  startScreenShare(): Promise<void>
  stopScreenShare(): Promise<void>
  setDevices(devices: { cameraId?: string; microphoneId?: string }): Promise<void>
  /** Rings this person into the call that is on. */
  invite(peer: Profile): void
  /** Stops ringing someone invited who has not answered yet. */
  cancelInvitation(username: string): void
  /** ended → idle. */
  dismiss(): void
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
