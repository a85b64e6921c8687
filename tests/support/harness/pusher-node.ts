// The composition's own Node pusher factory (main/platform/pusher.ts), counted: the idle
// benchmark reports how often a client had to build a new realtime connection.
import { createNodePusher } from '../../../main/platform/pusher'
import type { PusherFactory } from '../../../main/services/core/platform'

export interface PusherFactoryStats {
  created: number
}

export function createCountingPusherFactory(stats: PusherFactoryStats): PusherFactory {
  return (options) => {
    stats.created += 1
    return createNodePusher(options)
  }
}
