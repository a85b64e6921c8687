// The browser test's page: the app's call controller on the page's window.shoutit, exposed
// to the test as window.callTest. The controller (and, through it, the engines) is loaded
// with a dynamic import, exactly as the app's lazy boundary does. Its options come from the
// query string.
import type { ShoutitBridge } from '../../../../common/ipc'
import type { CallController } from '../../../../renderer/calling/controller-types'

declare global {
  interface Window {
    shoutit: ShoutitBridge
    callTest: {
      ready: Promise<CallController>
      controller?: CallController
      /** Loads an engine the way a call does, to check it evaluates in the browser. */
      loadEngine(provider: 'twilio' | 'p2p'): Promise<string>
      /**
       * The device check's TURN test (renderer/ui/check/relayCheck.ts) through the ICE
       * servers of a video token from main; `spoilCredential` changes each password first.
       */
      checkRelay(options?: { spoilCredential?: boolean }): Promise<string>
    }
  }
}

window.callTest = {
  ready: import('../../../../renderer/calling/controller').then(({ createCallController }) => {
    // ?ice-transport=relay: media only through TURN, for the relay test.
    const relayOnly = new URLSearchParams(location.search).get('ice-transport') === 'relay'
    const controller = createCallController(window.shoutit, relayOnly ? { iceTransportPolicy: 'relay' } : {})
    window.callTest.controller = controller
    // Play the remote stream the way the call view does, so the page really renders it.
    const remote = document.getElementById('remote') as HTMLVideoElement
    // And every participant of a group call in its own tile (data-identity names whose).
    const tiles = document.getElementById('participants') as HTMLDivElement
    controller.subscribe(() => {
      const { remoteStream, remoteStreams } = controller.getMedia()
      if (remote.srcObject !== remoteStream) remote.srcObject = remoteStream
      for (const tile of [...tiles.querySelectorAll('video')]) if (!(tile.dataset.identity! in remoteStreams)) tile.remove()
      for (const [identity, stream] of Object.entries(remoteStreams)) {
        let tile = [...tiles.querySelectorAll('video')].find((candidate) => candidate.dataset.identity === identity)
        if (!tile) {
          tile = Object.assign(document.createElement('video'), { autoplay: true, playsInline: true, width: 160, height: 120 })
          tile.dataset.identity = identity
          tiles.append(tile)
        }
        if (tile.srcObject !== stream) tile.srcObject = stream
      }
    })
    return controller
  }),
  loadEngine: (provider) =>
    import('../../../../renderer/calling/engines').then(async ({ loadEngine }) => (await loadEngine(provider, { bridge: window.shoutit })).provider),
  checkRelay: async ({ spoilCredential = false } = {}) => {
    const [{ checkRelay }, token] = await Promise.all([
      import('../../../../renderer/ui/check/relayCheck'),
      window.shoutit.invoke('video:getToken', { minValidSeconds: 120 })
    ])
    if (!token.ok) throw new Error(`video:getToken failed: ${token.error.message}`)
    const servers = (token.value.iceServers ?? []).map((server) => (spoilCredential && server.credential ? { ...server, credential: `${server.credential}x` } : server))
    return (await checkRelay(servers)).kind
  }
}
