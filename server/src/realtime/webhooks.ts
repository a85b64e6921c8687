// Pusher webhooks (channel existence: channel_occupied, channel_vacated), for a server whose
// realtime runs on an external service: Pusher's hosted service or soketi tell us when a
// profile's own channel fills or empties, and the presence relay tells that person's
// watchers. Signed by the service with the app secret (X-Pusher-Key, X-Pusher-Signature);
// the official `pusher` library checks the signature.
import type Pusher from 'pusher'
import { z } from 'zod'
import { ApiError } from '../http/apiError'
import type { Route } from '../http/router'
import type { PresenceRelay } from './presenceRelay'

export const WEBHOOK_PATH = '/v3/pusher/webhook'

const WebhookBodySchema = z.object({
  time_ms: z.number(),
  events: z
    .array(z.object({ name: z.string().max(100), channel: z.string().max(300).optional() }).passthrough())
    .max(1000)
})

const OCCUPANCY: Record<string, boolean> = { channel_occupied: true, channel_vacated: false }

export function webhookRoutes<User>(client: Pusher, relay: PresenceRelay): Route<User>[] {
  return [
    {
      method: 'POST',
      path: WEBHOOK_PATH,
      auth: 'none',
      handle({ req, rawBody }) {
        const webhook = client.webhook({ headers: req.headers, rawBody: rawBody.toString('utf8') })
        if (!webhook.isValid()) {
          throw new ApiError(401, [{ message: 'Invalid webhook signature', reason: 'auth_failed', location: 'X-Pusher-Signature', location_type: 'header' }])
        }
        const body = WebhookBodySchema.safeParse(webhook.getData())
        if (!body.success) throw new ApiError(400, [{ message: 'Not a Pusher webhook body', reason: 'invalid', location: 'events', location_type: 'body' }])
        // Pusher sends a batch in the order things happened; other event kinds are not ours.
        for (const event of body.data.events) {
          const occupied = OCCUPANCY[event.name]
          if (occupied !== undefined && event.channel !== undefined) relay.occupancyChanged(event.channel, occupied)
        }
        return { body: {} }
      }
    }
  ]
}
