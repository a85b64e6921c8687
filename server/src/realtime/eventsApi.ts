// Pusher's HTTP API (the subset the official server libraries use to publish and to ask
// about occupancy), checked with Pusher's request signing, so `pusher` (the npm library)
// talks to this server exactly as it talks to Pusher's hosted service.
import { z } from 'zod'
import { ApiError, errors } from '../http/apiError'
import type { RequestContext, Route } from '../http/router'
import { validate } from '../http/validate'
import type { RealtimeHub } from './hub'
import type { ProtocolLimits } from './limits'
import { ChannelNameSchema, channelKind } from './protocol'
import { md5Hex, safeEqual, signedRequestSignature } from './signatures'

export interface EventsApiSettings {
  appId: string
  key: string
  secret: string
  /** Seconds a signed request stays acceptable (Pusher uses 600). */
  maxClockSkewSeconds: number
  nowSeconds(): number
  /** The realtime limits in force (limits.ts): published events meet them as client events do. */
  limits: Pick<ProtocolLimits, 'maxChannelNameLength' | 'maxEventNameLength' | 'maxEventDataBytes'>
}

function eventSchemas(limits: EventsApiSettings['limits']) {
  const channelName = ChannelNameSchema.refine((name) => name.length <= limits.maxChannelNameLength, `channel names are at most ${limits.maxChannelNameLength} characters`)
  const event = z.object({
    name: z.string().min(1).max(limits.maxEventNameLength),
    data: z.string().refine((data) => Buffer.byteLength(data) <= limits.maxEventDataBytes, `event data is at most ${limits.maxEventDataBytes} bytes`),
    channels: z.array(channelName).min(1).max(100).optional(),
    channel: channelName.optional(),
    socket_id: z.string().regex(/^\d+\.\d+$/).optional()
  })
  return { event, batch: z.object({ batch: z.array(event.extend({ channel: channelName })).min(1).max(10) }) }
}

function authFailure(message: string): ApiError {
  return new ApiError(401, [{ message, reason: 'auth_failed', location: 'auth_signature', location_type: 'parameter' }])
}

export function eventsApiRoutes<User>(hub: RealtimeHub, settings: EventsApiSettings): Route<User>[] {
  const { event: EventSchema, batch: BatchSchema } = eventSchemas(settings.limits)
  const checkSignature = (ctx: RequestContext<User>): void => {
    if (ctx.params.appId !== settings.appId) throw errors.notFound(`Unknown app ${ctx.params.appId}`)
    const query = ctx.query
    if (query.get('auth_key') !== settings.key) throw authFailure('Unknown auth_key')
    const timestamp = Number(query.get('auth_timestamp'))
    if (!Number.isFinite(timestamp) || Math.abs(settings.nowSeconds() - timestamp) > settings.maxClockSkewSeconds) {
      throw authFailure('auth_timestamp is missing or too far from the server time')
    }
    if (ctx.rawBody.length > 0 && query.get('body_md5') !== md5Hex(ctx.rawBody)) throw authFailure('body_md5 does not match the body')
    const expected = signedRequestSignature(settings.secret, ctx.req.method ?? 'GET', ctx.url.pathname, query)
    if (!safeEqual(query.get('auth_signature') ?? '', expected)) throw authFailure('Invalid auth_signature')
  }

  return [
    {
      method: 'POST',
      path: '/apps/:appId/events',
      auth: 'none',
      handle(ctx) {
        checkSignature(ctx)
        const event = validate(EventSchema, ctx.fields)
        const channels = event.channels ?? (event.channel ? [event.channel] : undefined)
        if (!channels) throw errors.required('channels')
        hub.publish(channels, event.name, event.data, event.socket_id)
        return { body: {} }
      }
    },
    {
      method: 'POST',
      path: '/apps/:appId/batch_events',
      auth: 'none',
      handle(ctx) {
        checkSignature(ctx)
        const { batch } = validate(BatchSchema, ctx.fields)
        for (const event of batch) hub.publish([event.channel], event.name, event.data, event.socket_id)
        return { body: { batch: batch.map(() => ({})) } }
      }
    },
    {
      method: 'POST',
      path: '/apps/:appId/users/:userId/terminate_connections',
      auth: 'none',
      handle(ctx) {
        checkSignature(ctx)
        hub.terminateUser(ctx.params.userId!)
        return { body: {} }
      }
    },
    {
      method: 'GET',
      path: '/apps/:appId/channels',
      auth: 'none',
      handle(ctx) {
        checkSignature(ctx)
        const prefix = ctx.query.get('filter_by_prefix') ?? ''
        const withUserCount = (ctx.query.get('info') ?? '').split(',').includes('user_count')
        const channels: Record<string, { user_count?: number }> = {}
        for (const channel of hub.occupiedChannels(prefix)) {
          channels[channel.name] = withUserCount && channel.userCount !== undefined ? { user_count: channel.userCount } : {}
        }
        return { body: { channels } }
      }
    },
    {
      method: 'GET',
      path: '/apps/:appId/channels/:channel',
      auth: 'none',
      handle(ctx) {
        checkSignature(ctx)
        const name = ctx.params.channel!
        const subscriptionCount = hub.subscriberCount(name)
        const body: Record<string, unknown> = { occupied: subscriptionCount > 0, subscription_count: subscriptionCount }
        if (channelKind(name) === 'presence') body.user_count = hub.presenceMembers(name).length
        return { body }
      }
    },
    {
      method: 'GET',
      path: '/apps/:appId/channels/:channel/users',
      auth: 'none',
      handle(ctx) {
        checkSignature(ctx)
        const name = ctx.params.channel!
        if (channelKind(name) !== 'presence') throw errors.badRequest('Only presence channels have users')
        return { body: { users: hub.presenceMembers(name).map((id) => ({ id })) } }
      }
    }
  ]
}
