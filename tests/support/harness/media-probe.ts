// A page script, installed before any app code runs, that watches every RTCPeerConnection
// the page creates. It records when the first remote video frame is painted (the moment
// a user sees the other person) and sums the inbound media stats, so tests and benchmarks
// measure the app and the bare WebRTC floor the same way, whichever engine made the call.
import type { Page } from 'playwright-core'

export interface InboundMediaStats {
  /** Sum over this page's live and closed peer connections. */
  videoFramesDecoded: number
  audioTotalEnergy: number
  audioSamplesReceived: number
  connections: number
}

export interface ProbeSnapshot {
  /** Epoch ms of the first remote video frame, or null if none has arrived yet. */
  firstRemoteFrameAt: number | null
  /** Epoch ms of the first peer connection of this page (since the last reset). */
  firstConnectionAt: number | null
  /** Epoch ms when a peer connection first reached `connected`. */
  firstConnectedAt: number | null
  /** Epoch ms of the first remote video track (`track` event). */
  firstRemoteVideoTrackAt: number | null
  remoteVideoTracks: number
  /** Epoch ms of the first time each signalling step happened (offer/answer set, candidates, ICE). */
  marks: Record<string, number>
}

/** Runs in the page. Kept free of closures over Node values: Playwright serialises it. */
function installProbe(): void {
  // Types vanish when Playwright serialises this function: the snapshot's own fields can be named.
  type ProbeState = ProbeSnapshot & {
    connections: RTCPeerConnection[]
    mark: (what: string) => void
    reset: () => void
    sinks: HTMLVideoElement[]
  }
  const w = window as unknown as { __mediaProbe?: ProbeState; RTCPeerConnection: typeof RTCPeerConnection }
  if (w.__mediaProbe) return
  const state: ProbeState = {
    connections: [],
    firstRemoteFrameAt: null,
    firstConnectionAt: null,
    firstConnectedAt: null,
    firstRemoteVideoTrackAt: null,
    remoteVideoTracks: 0,
    marks: {},
    mark(what) {
      state.marks[what] ??= performance.timeOrigin + performance.now()
    },
    sinks: [],
    reset() {
      state.marks = {}
      state.firstRemoteFrameAt = null
      state.firstConnectionAt = null
      state.firstConnectedAt = null
      state.firstRemoteVideoTrackAt = null
      state.remoteVideoTracks = 0
      for (const sink of state.sinks) sink.srcObject = null
      state.sinks = []
      state.connections = state.connections.filter((pc) => pc.connectionState !== 'closed')
    }
  }
  w.__mediaProbe = state
  const Native = w.RTCPeerConnection
  const watchFirstFrame = (track: MediaStreamTrack) => {
    // A private sink: the probe must not depend on how (or whether) the app renders video.
    const sink = document.createElement('video')
    sink.muted = true
    sink.playsInline = true
    sink.srcObject = new MediaStream([track])
    state.sinks.push(sink)
    const record = () => {
      if (state.firstRemoteFrameAt === null) state.firstRemoteFrameAt = performance.timeOrigin + performance.now()
      sink.srcObject = null
    }
    // requestVideoFrameCallback fires when a decoded frame is composited: what the user sees.
    sink.requestVideoFrameCallback(() => record())
    void sink.play().catch(() => undefined)
  }
  class ProbedPeerConnection extends Native {
    /** For failure reports: how far signalling got on this connection. */
    readonly probeCounts = { localCandidates: 0, remoteCandidates: 0, remoteCandidateErrors: 0 }

    constructor(config?: RTCConfiguration) {
      super(config)
      state.connections.push(this)
      const now = () => performance.timeOrigin + performance.now()
      state.firstConnectionAt ??= now()
      this.addEventListener('connectionstatechange', () => {
        if (this.connectionState === 'connected') state.firstConnectedAt ??= now()
      })
      this.addEventListener('icecandidate', (event) => {
        if (!event.candidate) return
        this.probeCounts.localCandidates += 1
        state.mark('first local candidate gathered')
      })
      this.addEventListener('iceconnectionstatechange', () => {
        if (this.iceConnectionState === 'connected') state.mark('ICE connected')
      })
      this.addEventListener('track', (event) => {
        if (event.track.kind !== 'video') return
        state.firstRemoteVideoTrackAt ??= performance.timeOrigin + performance.now()
        state.remoteVideoTracks += 1
        watchFirstFrame(event.track)
      })
    }
  }
  const nativeSetLocal = Native.prototype.setLocalDescription
  ProbedPeerConnection.prototype.setLocalDescription = async function (this: ProbedPeerConnection, ...args: Parameters<RTCPeerConnection['setLocalDescription']>) {
    state.mark('setLocalDescription called')
    await (nativeSetLocal.apply(this, args) as Promise<void>)
    state.mark(`local ${this.localDescription?.type ?? 'description'} set`)
  } as RTCPeerConnection['setLocalDescription']
  const nativeSetRemote = Native.prototype.setRemoteDescription
  ProbedPeerConnection.prototype.setRemoteDescription = async function (this: ProbedPeerConnection, ...args: Parameters<RTCPeerConnection['setRemoteDescription']>) {
    state.mark(`remote ${args[0]?.type ?? 'description'} received`)
    await (nativeSetRemote.apply(this, args) as Promise<void>)
    state.mark(`remote ${args[0]?.type ?? 'description'} set`)
  } as RTCPeerConnection['setRemoteDescription']
  const devices = navigator.mediaDevices as MediaDevices | undefined
  if (devices) {
    const nativeGetUserMedia = devices.getUserMedia.bind(devices)
    devices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
      state.mark('getUserMedia asked')
      const stream = await nativeGetUserMedia(constraints)
      state.mark('getUserMedia answered')
      return stream
    }
  }
  const nativeReplaceTrack = RTCRtpSender.prototype.replaceTrack
  RTCRtpSender.prototype.replaceTrack = async function (this: RTCRtpSender, track: MediaStreamTrack | null) {
    if (track) state.mark(`local ${track.kind} track given to the connection`)
    return nativeReplaceTrack.call(this, track)
  }
  const nativeAddTrack = Native.prototype.addTrack
  ProbedPeerConnection.prototype.addTrack = function (this: ProbedPeerConnection, track: MediaStreamTrack, ...streams: MediaStream[]) {
    state.mark(`local ${track.kind} track given to the connection`)
    return nativeAddTrack.call(this, track, ...streams)
  }
  const nativeAddIceCandidate = Native.prototype.addIceCandidate
  ProbedPeerConnection.prototype.addIceCandidate = function (this: ProbedPeerConnection, ...args: Parameters<RTCPeerConnection['addIceCandidate']>) {
    state.mark('first remote candidate added')
    this.probeCounts.remoteCandidates += 1
    const added = nativeAddIceCandidate.apply(this, args) as Promise<void>
    added.catch(() => (this.probeCounts.remoteCandidateErrors += 1))
    return added
  } as RTCPeerConnection['addIceCandidate']
  w.RTCPeerConnection = ProbedPeerConnection
}

export async function installMediaProbe(page: Page): Promise<void> {
  await page.addInitScript(installProbe)
}

export async function probeSnapshot(page: Page): Promise<ProbeSnapshot> {
  return page.evaluate(() => {
    const probe = (window as unknown as { __mediaProbe?: Partial<ProbeSnapshot> }).__mediaProbe
    return {
      marks: { ...(probe?.marks ?? {}) },
      firstRemoteFrameAt: probe?.firstRemoteFrameAt ?? null,
      firstConnectionAt: probe?.firstConnectionAt ?? null,
      firstConnectedAt: probe?.firstConnectedAt ?? null,
      firstRemoteVideoTrackAt: probe?.firstRemoteVideoTrackAt ?? null,
      remoteVideoTracks: probe?.remoteVideoTracks ?? 0
    }
  })
}

/** Forgets the previous call's first frame, so the next call is measured on its own. */
export async function resetProbe(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { __mediaProbe?: { reset: () => void } }).__mediaProbe?.reset())
}

export async function inboundMediaStats(page: Page): Promise<InboundMediaStats> {
  return page.evaluate(async () => {
    const probe = (window as unknown as { __mediaProbe?: { connections: RTCPeerConnection[] } }).__mediaProbe
    const totals = { videoFramesDecoded: 0, audioTotalEnergy: 0, audioSamplesReceived: 0, connections: 0 }
    for (const pc of probe?.connections ?? []) {
      if (pc.connectionState === 'closed') continue
      totals.connections += 1
      const report = await pc.getStats()
      report.forEach((entry: Record<string, unknown>) => {
        if (entry.type !== 'inbound-rtp') return
        if (entry.kind === 'video') totals.videoFramesDecoded += Number(entry.framesDecoded ?? 0)
        if (entry.kind === 'audio') {
          totals.audioTotalEnergy += Number(entry.totalAudioEnergy ?? 0)
          totals.audioSamplesReceived += Number(entry.totalSamplesReceived ?? 0)
        }
      })
    }
    return totals
  })
}

/** Polls until the first remote frame arrives; returns its epoch ms. */
export async function waitForFirstRemoteFrame(page: Page, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction(
    () => (window as unknown as { __mediaProbe?: { firstRemoteFrameAt: number | null } }).__mediaProbe?.firstRemoteFrameAt ?? null,
    undefined,
    { timeout: timeoutMs, polling: 10 }
  )
  return Number(await handle.jsonValue())
}

/** The state of every peer connection the page made: for failure reports. */
export async function peerConnectionStates(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const probe = (window as unknown as { __mediaProbe?: { connections: RTCPeerConnection[] } }).__mediaProbe
    return (probe?.connections ?? []).map(
      (pc) =>
        `connection ${pc.connectionState}, ice ${pc.iceConnectionState}/${pc.iceGatheringState}, signaling ${pc.signalingState}, ` +
        `candidates ${JSON.stringify((pc as RTCPeerConnection & { probeCounts?: unknown }).probeCounts ?? null)}, ` +
        `local ${pc.localDescription?.type ?? 'none'}, remote ${pc.remoteDescription?.type ?? 'none'}, ` +
        `receivers ${pc.getReceivers().map((r) => r.track.kind + ':' + r.track.readyState).join(' ')}`
    )
  })
}

/** One live peer connection's inbound media, keyed by its place among the page's connections. */
export interface ConnectionMediaStats {
  connection: number
  videoFramesDecoded: number
  audioTotalEnergy: number
}

/** Inbound media per live peer connection: in a p2p mesh, one connection per other person. */
export async function inboundMediaByConnection(page: Page): Promise<ConnectionMediaStats[]> {
  return page.evaluate(async () => {
    const probe = (window as unknown as { __mediaProbe?: { connections: RTCPeerConnection[] } }).__mediaProbe
    const stats: { connection: number; videoFramesDecoded: number; audioTotalEnergy: number }[] = []
    for (const [connection, pc] of (probe?.connections ?? []).entries()) {
      if (pc.connectionState === 'closed') continue
      const entry = { connection, videoFramesDecoded: 0, audioTotalEnergy: 0 }
      const report = await pc.getStats()
      report.forEach((item: Record<string, unknown>) => {
        if (item.type !== 'inbound-rtp') return
        if (item.kind === 'video') entry.videoFramesDecoded += Number(item.framesDecoded ?? 0)
        if (item.kind === 'audio') entry.audioTotalEnergy += Number(item.totalAudioEnergy ?? 0)
      })
      stats.push(entry)
    }
    return stats
  })
}
