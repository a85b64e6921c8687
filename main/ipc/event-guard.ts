// The one way main sends an event to its windows: each payload is checked against the
// contract's strict schema first (common/ipc.ts), so a payload with a key the contract does
// not name (a token added to a view by mistake) is refused and logged, never sent. The log
// names the channel and what was wrong with it, never the values.
import { eventChannels, type EventChannel, type EventPayload } from '../../common/ipc'
import type { Logger } from '../services/core/platform'

export type SendEvent = <C extends EventChannel>(channel: C, payload: EventPayload<C>) => void

export function guardedSend(deliver: SendEvent, logger: Logger): SendEvent {
  return (channel, payload) => {
    const checked = eventChannels[channel].safeParse(payload)
    if (!checked.success) {
      logger.error('ipc: refused to send an event outside the contract', {
        channel,
        problems: checked.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.code}${'keys' in issue ? ` ${issue.keys.join(',')}` : ''}`)
      })
      return
    }
    deliver(channel, checked.data as EventPayload<typeof channel>)
  }
}
