// The browser test's page: the app's call controller on the page's window.shoutit, exposed
// to the test as window.callTest. The controller (and, through it, the engines) is loaded
// with a dynamic import, exactly as the app's lazy boundary does. Its options come from the
// query string.
import type { ShoutitBridge } from '../../../../common/ipc'
import type { CallController } from '../../../../renderer/call/controller-types'

declare global {
  interface Window {
    shoutit: ShoutitBridge
    callTest: {
      ready: Promise<CallController>
      controller?: CallController
      /** Loads an engine the way a call does, to check it evaluates in the browser. */
      loadEngine(provider: 'twilio' | 'p2p'): Promise<string>
    }
  }
}

window.callTest = {
  ready: import('../../../../renderer/call/controller').then(({ createCallController }) => {
    // ?ice-transport=relay: media only through TURN, for the relay test.
    const relayOnly = new URLSearchParams(location.search).get('ice-transport') === 'relay'
    const controller = createCallController(window.shoutit, relayOnly ? { iceTransportPolicy: 'relay' } : {})
    window.callTest.controller = controller
    // Play the remote stream the way the call view does, so the page really renders it.
    const remote = document.getElementById('remote') as HTMLVideoElement
    controller.subscribe(() => {
      const stream = controller.getMedia().remoteStream
      if (remote.srcObject !== stream) remote.srcObject = stream
    })
    return controller
  }),
  loadEngine: (provider) =>
    import('../../../../renderer/call/engines').then(async ({ loadEngine }) => (await loadEngine(provider, { bridge: window.shoutit })).provider)
}
