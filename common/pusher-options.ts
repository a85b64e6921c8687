// pusher-js options for the server's Pusher-protocol endpoint. Main (pusher-js's Node build)
// and the p2p room channel in the renderer (its browser build) connect alike, and channel
// authorisation always goes through main, which holds the OAuth token.
import type { Options } from 'pusher-js'
import type { PusherConfig } from './api'

export type ChannelAuthorizer = (socketId: string, channelName: string) => Promise<{ auth: string; channel_data?: string }>

export function pusherClientOptions(config: PusherConfig, authorize: ChannelAuthorizer): Options {
  return {
    // pusher-js insists on a cluster; a self-hosted endpoint ignores it once wsHost is set.
    cluster: config.cluster ?? 'local',
    wsHost: config.host,
    wsPort: config.port,
    wssPort: config.port,
    forceTLS: config.tls,
    enabledTransports: config.tls ? ['wss'] : ['ws'],
    disableStats: true,
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        authorize(socketId, channelName).then(
          (reply) => callback(null, reply),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null)
        )
      }
    }
  }
}
