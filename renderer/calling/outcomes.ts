// How a call that ends is described: its outcome for the history and the message the
// user reads on the call screen.
import type { Profile } from '../../common/api'
import type { CallOutcome } from '../../common/calls'
import { BridgeError } from './bridge-calls'
import { EngineConnectError } from './engine'
import { MediaAccessError } from './media'
import type { RingResult } from './ring-loop'

export function outcomeOfUnanswered(result: Exclude<RingResult, { kind: 'answered' }>, peer: Profile, calleeWasRung: boolean): { outcome: CallOutcome; message?: string } {
  switch (result.kind) {
    case 'no-answer':
      // The outcome says "didn't answer", "declined" and "busy" already; a message only adds to it.
      // Never online: the missed report is how they learn of the call.
      return calleeWasRung ? { outcome: 'missed' } : { outcome: 'missed', message: `${peer.name} isn't online. They will see that you called.` }
    case 'rejected':
      return { outcome: 'declined' }
    case 'busy':
      return { outcome: 'busy' }
    case 'cancelled':
      return { outcome: 'cancelled' }
    case 'failed':
      return { outcome: 'failed', message: describeFailure(result.error) }
  }
}

export function describeFailure(error: unknown): string {
  if (error instanceof MediaAccessError || error instanceof EngineConnectError) return error.message
  if (error instanceof BridgeError) {
    if (error.channel === 'video:identity' && error.status === 400) return `This person cannot be called: ${error.message}`
    if (error.code === 'network') return 'Shoutit could not reach the server. Check your connection and try again.'
    return error.message
  }
  return `The call failed: ${error instanceof Error ? error.message : String(error)}`
}
