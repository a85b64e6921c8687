// A call controller the test drives from outside: the screens are checked against every call
// phase without engines, servers or twilio-video. Media is real (Chromium's fake camera for
// the self view, a canvas stream for the remote side), so video elements have something to show.
import type { Profile } from '../../../../common/api'
import type { Ring } from '../../../../common/ipc'
import type { CallController, CallMedia, CallOptions, CallPhase, CallStats, LocalControls } from '../../../../renderer/calling/controller-types'

export interface FakeCallControl {
  calls: { method: string; args: unknown[] }[]
  /** Each setRemoteVideoShown, in order (kept apart from `calls`: the screens say it as the window comes and goes). */
  remoteVideoShown: boolean[]
  setPhase(phase: CallPhase): void
  state(): CallPhase
  /**
   * Gives the call a local camera stream and a remote stream (a drawn canvas) for each of
   * these identities (alice's by default), each its own colour; the first is `remoteStream`.
   */
  attachMedia(identities?: string[]): Promise<void>
  /** What getCallStats() resolves to from now on (null: the engine cannot say). */
  setStats(stats: CallStats | null): void
  /** A microphone monitor that hears a loud tone (speech, as far as a level meter can tell), or silence. */
  setMicrophoneHears(loud: boolean): void
}

/** The first is the green every 1:1 picture has; the others tell a group call's tiles apart. */
const REMOTE_COLOURS: readonly (readonly [number, number, number])[] = [
  [0x33, 0xaa, 0x77],
  [0x5a, 0x6e, 0xc8],
  [0xb0, 0x6a, 0x3a],
  [0x8a, 0x4f, 0x9e],
  [0x2f, 0x8f, 0xa8],
  [0x9e, 0x8a, 0x2f],
  [0xa8, 0x3f, 0x5a]
]

export function createFakeCallController(): { controller: CallController; control: FakeCallControl } {
  let phase: CallPhase = { phase: 'idle' }
  let media: CallMedia = { localStream: null, remoteStream: null, remoteStreams: {} }
  const listeners = new Set<() => void>()
  const calls: FakeCallControl['calls'] = []
  const remoteVideoShown: boolean[] = []
  let stats: CallStats | null = null
  const changed = () => {
    for (const listener of [...listeners]) listener()
  }
  const setPhase = (next: CallPhase) => {
    phase = next
    changed()
  }
  const record = (method: string, ...args: unknown[]) => calls.push({ method, args })
  const updateInCall = (change: Partial<Extract<CallPhase, { phase: 'in-call' }>>) => {
    if (phase.phase === 'in-call') setPhase({ ...phase, ...change })
  }
  // As the real controller: mute and camera work while ringing and joining too.
  const updateControls = (change: Partial<LocalControls>) => {
    if (phase.phase !== 'idle' && phase.phase !== 'ended') setPhase({ ...phase, ...change })
  }

  const controller: CallController = {
    getState: () => phase,
    getMedia: () => media,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async call(peer: Profile, options?: CallOptions) {
      if (options) record('call', peer.username, options)
      else record('call', peer.username)
      setPhase({ phase: 'preparing', peer, muted: false, cameraOff: options?.video === false })
    },
    async answer(ring: Ring, options?: CallOptions) {
      if (options) record('answer', ring.room, options)
      else record('answer', ring.room)
      setPhase({ phase: 'connecting', peer: ring.caller, muted: false, cameraOff: options?.video === false })
    },
    hangUp() {
      record('hangUp')
      if (phase.phase === 'idle' || phase.phase === 'ended') return
      setPhase(
        phase.phase === 'in-call'
          ? { phase: 'ended', peer: phase.peer, outcome: 'answered', durationSeconds: Math.round((Date.now() - phase.startedAt) / 1000) }
          : { phase: 'ended', peer: phase.peer, outcome: 'cancelled' }
      )
    },
    setMuted(muted) {
      record('setMuted', muted)
      updateControls({ muted })
    },
    setRemoteVideoShown(shown) {
      if (remoteVideoShown.at(-1) !== shown) remoteVideoShown.push(shown)
    },
    setCameraOff(off) {
      record('setCameraOff', off)
      updateControls({ cameraOff: off })
    },
    async startScreenShare() {
      record('startScreenShare')
      updateInCall({ sharingScreen: true })
    },
    async stopScreenShare() {
      record('stopScreenShare')
      updateInCall({ sharingScreen: false })
    },
    async setDevices(devices) {
      record('setDevices', devices)
    },
    // As the real controller: an invited person is rung at once; the test moves them on with setPhase.
    invite(peer: Profile) {
      record('invite', peer)
      if (phase.phase !== 'in-call') return
      const others = phase.invitations.filter((invitation) => invitation.profile.id !== peer.id)
      updateInCall({ invitations: [...others, { profile: peer, state: 'ringing' }] })
    },
    cancelInvitation(username: string) {
      record('cancelInvitation', username)
      if (phase.phase !== 'in-call') return
      updateInCall({
        invitations: phase.invitations.map((invitation) =>
          invitation.profile.username === username && invitation.state === 'ringing' ? { ...invitation, state: 'cancelled' } : invitation
        )
      })
    },
    dismiss() {
      record('dismiss')
      setPhase({ phase: 'idle' })
    },
    warmUp() {
      record('warmUp')
    },
    coolDown() {
      record('coolDown')
    },
    async getCallStats() {
      return stats
    },
    dispose() {
      // The real one hangs up an active call, cools down and stops listening to main.
      record('dispose')
      if (phase.phase !== 'idle' && phase.phase !== 'ended') setPhase({ phase: 'ended', peer: phase.peer, outcome: 'cancelled' })
    }
  }

  /** A canvas stream in one colour. A canvas stream only carries frames while the canvas changes. */
  const drawnStream = ([red, green, blue]: readonly [number, number, number]) => {
    const canvas = document.createElement('canvas')
    canvas.width = 320
    canvas.height = 240
    const context = canvas.getContext('2d')
    let frame = 0
    setInterval(() => {
      if (!context) return
      // Two colours no eye (or picture comparison) tells apart: the stream moves, the picture does not.
      context.fillStyle = `rgb(${red}, ${green}, ${blue + (frame++ % 2)})`
      context.fillRect(0, 0, canvas.width, canvas.height)
    }, 100)
    return canvas.captureStream(5)
  }

  const attachMedia = async (identities: string[] = ['alice-identity']) => {
    const localStream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true })
    const remoteStreams: Record<string, MediaStream> = {}
    identities.forEach((identity, index) => {
      remoteStreams[identity] = drawnStream(REMOTE_COLOURS[index % REMOTE_COLOURS.length] ?? REMOTE_COLOURS[0])
    })
    const first = identities[0]
    media = { localStream, remoteStream: first === undefined ? null : (remoteStreams[first] ?? null), remoteStreams }
    changed()
  }

  let tone: { context: AudioContext; gain: GainNode } | null = null
  const setMicrophoneHears = (loud: boolean) => {
    if (!tone) {
      const context = new AudioContext()
      const oscillator = new OscillatorNode(context, { frequency: 220 })
      const gain = new GainNode(context, { gain: 0 })
      const destination = context.createMediaStreamDestination()
      oscillator.connect(gain).connect(destination)
      oscillator.start()
      tone = { context, gain }
      media = { ...media, microphoneMonitor: destination.stream }
      changed()
    }
    tone.gain.gain.value = loud ? 0.8 : 0
    void tone.context.resume()
  }

  return {
    controller,
    control: {
      calls,
      remoteVideoShown,
      setPhase,
      state: () => phase,
      attachMedia,
      setStats: (next) => {
        stats = next
      },
      setMicrophoneHears
    }
  }
}
