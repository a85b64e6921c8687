// How a call that ends is described: its outcome for the history and the message the
// user reads on the call screen, in the window's language (renderer/i18n.ts).
import type { Profile } from '../../common/api'
import type { CallOutcome } from '../../common/calls'
import { BridgeError } from './bridge-calls'
import { EngineConnectError } from './engine'
import { MediaAccessError } from './media'
import type { RingResult } from './ring-loop'
import { t } from '../i18n'

export function outcomeOfUnanswered(result: Exclude<RingResult, { kind: 'answered' }>, peer: Profile, calleeWasRung: boolean): { outcome: CallOutcome; message?: string } {
  switch (result.kind) {
    case 'no-answer':
      // The outcome says "didn't answer", "declined" and "busy" already; a message only adds to it.
      // Never online: the missed report is how they learn of the call.
      return calleeWasRung ? { outcome: 'missed' } : { outcome: 'missed', message: t('callErrors.notOnline', { name: peer.name }) }
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
    if (error.channel === 'video:identity' && error.status === 400) return t('callErrors.cannotBeCalled', { error: error.message })
    if (error.code === 'network') return t('callErrors.serverUnreachable')
    return error.message
  }
  return t('callErrors.failed', { error: error instanceof Error ? error.message : String(error) })
}
