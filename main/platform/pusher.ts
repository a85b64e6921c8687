// The realtime transport: pusher-js's Node build (package "main"), which brings its own
// WebSocket client, so it runs in Electron's main process and in plain Node tests alike.
// Authorisation goes through main's API client: the OAuth token never leaves main.
import Pusher from 'pusher-js'
import { pusherClientOptions } from '../../common/pusher-options'
import type { PusherClientOptions, PusherLike } from '../services/core/platform'

export function createNodePusher(options: PusherClientOptions): PusherLike {
  return new Pusher(options.key, pusherClientOptions(options, options.authorize)) as unknown as PusherLike
}
