// The realtime transport: pusher-js's Node build (package "main"), which brings its own
// WebSocket client, so it runs in Electron's main process and in plain Node tests alike.
// Authorisation goes through main's API client: the OAuth token never leaves main.
import Pusher from 'pusher-js'
import type { PusherClientOptions, PusherLike } from '../services/platform'

export function createNodePusher(options: PusherClientOptions): PusherLike {
  const client = new Pusher(options.key, {
    // pusher-js insists on a cluster; a self-hosted endpoint ignores it once wsHost is set.
    cluster: options.cluster ?? 'local',
    wsHost: options.host,
    wsPort: options.port,
    wssPort: options.port,
    forceTLS: options.tls,
    enabledTransports: options.tls ? ['wss'] : ['ws'],
    disableStats: true,
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        options.authorize(socketId, channelName).then(
          (reply) => callback(null, reply),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null)
        )
      }
    }
  })
  return client as unknown as PusherLike
}
