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
      // Never online: the missed report is how they learn of the call.
      return { outcome: 'missed', message: calleeWasRung ? `${peer.name} did not answer.` : `${peer.name} isn't online. They will see that you called.` }
    case 'rejected':
      return { outcome: 'declined', message: `${peer.name} declined the call.` }
    case 'busy':
      return { outcome: 'busy', message: `${peer.name} is in another call.` }
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
