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
  /** Gives the call a remote stream (a drawn canvas) and a local camera stream. */
  attachMedia(): Promise<void>
  /** What getCallStats() resolves to from now on (null: the engine cannot say). */
  setStats(stats: CallStats | null): void
  /** A microphone monitor that hears a loud tone (speech, as far as a level meter can tell), or silence. */
  setMicrophoneHears(loud: boolean): void
}

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
    // As the real controller: an invitation rings at once, in the in-call phase only.
    invite(person: Profile) {
      record('invite', person.username)
      if (phase.phase !== 'in-call' || phase.invitations.some((invitation) => invitation.profile.id === person.id && invitation.state === 'ringing')) return
      updateInCall({ invitations: [...phase.invitations.filter((invitation) => invitation.profile.id !== person.id), { profile: person, state: 'ringing' }] })
    },
    cancelInvitation(username: string) {
      record('cancelInvitation', username)
      if (phase.phase !== 'in-call') return
      updateInCall({
        invitations: phase.invitations.map((invitation) => (invitation.profile.username === username && invitation.state === 'ringing' ? { ...invitation, state: 'cancelled' } : invitation))
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

  const attachMedia = async () => {
    const canvas = document.createElement('canvas')
    canvas.width = 320
    canvas.height = 240
    const context = canvas.getContext('2d')
    let frame = 0
    // A canvas stream only carries frames while the canvas changes.
    setInterval(() => {
      if (!context) return
      // Two greens no eye (or picture comparison) tells apart: the stream moves, the picture does not.
      context.fillStyle = frame++ % 2 ? '#33aa77' : '#33aa78'
      context.fillRect(0, 0, canvas.width, canvas.height)
    }, 100)
    const localStream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true })
    const remoteStream = canvas.captureStream(5)
    media = { ...media, localStream, remoteStream, remoteStreams: { 'alice-identity': remoteStream } }
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
