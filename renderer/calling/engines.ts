// Picks the engine for a token's provider and loads it on demand: twilio-video and the
// engines are only fetched when a call starts or rings, never with the first screen.
import type { VideoProvider } from '../../common/api'
import type { ShoutitBridge } from '../../common/ipc'
import type { CallEngine } from './engine'

export interface EngineEnvironment {
  bridge: ShoutitBridge
  /** For the p2p engine; none are needed on one machine or a LAN. */
  iceServers?: RTCIceServer[]
  iceTransportPolicy?: RTCIceTransportPolicy
}

export async function loadEngine(provider: VideoProvider, environment: EngineEnvironment): Promise<CallEngine> {
  if (provider === 'twilio') {
    const [{ createTwilioEngine }, video] = await Promise.all([import('./twilio-engine'), import('twilio-video')])
    // Deliberately no Video.isSupported gate: it is false under Electron's default user
    // agent although everything works.
    return createTwilioEngine(video.default ?? video)
  }
  if (provider === 'janus') {
    const { createJanusEngine } = await import('./janus-engine')
    return createJanusEngine({
      bridge: environment.bridge,
      ...(environment.iceServers ? { iceServers: environment.iceServers } : {}),
      ...(environment.iceTransportPolicy ? { iceTransportPolicy: environment.iceTransportPolicy } : {})
    })
  }
  const { createP2pEngine } = await import('./p2p-engine')
  return createP2pEngine({
    bridge: environment.bridge,
    iceServers: environment.iceServers ?? [],
    ...(environment.iceTransportPolicy ? { iceTransportPolicy: environment.iceTransportPolicy } : {})
  })
}
