// The Platform's pusher factory for clients whose main process runs in plain Node: pusher-js
// (its Node build) pointed at the server's realtime endpoint. Used until, or unless, the
// composition brings its own Electron-free factory.
import Pusher from 'pusher-js'
import type { PusherClientOptions, PusherFactory, PusherLike } from '../../../main/services/platform'

export interface PusherFactoryStats {
  /** How many clients the composition asked for (one per realtime (re)connect cycle). */
  created: number
}

export function createNodePusherFactory(stats: PusherFactoryStats = { created: 0 }): PusherFactory {
  return (options: PusherClientOptions): PusherLike => {
    stats.created += 1
    const client = new Pusher(options.key, {
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
}
