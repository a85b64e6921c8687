// The group-call test's page: the app's janus engine, loaded the way a call loads it
// (engines.ts), joined to a room with Chromium's fake camera and microphone, and every
// remote video it receives played in a <video> of its own, as the call view does. Exposed
// to the test as window.janusTest.
import type { ShoutitBridge } from '../../../../common/ipc'
import type { EngineRoom } from '../../../../renderer/calling/engine'

declare global {
  interface Window {
    shoutit: ShoutitBridge
    janusTest: {
      join(room: string): Promise<void>
      /** The identities whose video is being received now. */
      remoteVideos(): string[]
      /** Per participant, the frames its video element has presented so far. */
      framesByIdentity(): Record<string, number>
      leave(): void
    }
  }
}

let joined: EngineRoom | undefined
const videos = new Map<string, HTMLVideoElement>()

window.janusTest = {
  async join(room) {
    const [{ loadEngine }, token, stream] = await Promise.all([
      import('../../../../renderer/calling/engines'),
      window.shoutit.invoke('video:getToken', { minValidSeconds: 0 }),
      navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } })
    ])
    if (!token.ok) throw new Error(token.error.message)
    const engine = await loadEngine(token.value.provider, { bridge: window.shoutit })
    joined = await engine.connect({
      room,
      token: token.value.token,
      identity: token.value.identity,
      ...(token.value.iceServers ? { iceServers: token.value.iceServers } : {}),
      tracks: stream.getTracks(),
      refreshToken: () => Promise.resolve(token.value.token)
    })
    joined.on('trackSubscribed', (track, identity) => {
      if (track.kind !== 'video') return
      let video = videos.get(identity)
      if (!video) {
        video = document.createElement('video')
        video.autoplay = true
        video.muted = true
        video.playsInline = true
        video.width = 160
        video.height = 120
        document.getElementById('remote')!.append(video)
        videos.set(identity, video)
      }
      video.srcObject = new MediaStream([track])
    })
    joined.on('trackUnsubscribed', (track, identity) => {
      const video = videos.get(identity)
      if (track.kind === 'video' && video && (video.srcObject as MediaStream | null)?.getVideoTracks()[0] === track) {
        video.remove()
        videos.delete(identity)
      }
    })
  },
  remoteVideos: () => [...videos.keys()].sort(),
  framesByIdentity: () => Object.fromEntries([...videos].map(([identity, video]) => [identity, video.getVideoPlaybackQuality().totalVideoFrames])),
  leave: () => joined?.disconnect()
}
