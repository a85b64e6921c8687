import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Profile } from '../../../../common/api'
import { systemClock } from '../../../../renderer/calling/clock'
import { Invitations, type InvitationsApi } from '../../../../renderer/calling/invitations'

const profile = (username: string, id: string): Profile => ({ id, username, name: username, type: 'user', first_name: '', last_name: '', image: null })
const carol = profile('carol', 'p-3')
const dave = profile('dave', 'p-4')
const identityOf = (username: string) => username[0]!.repeat(32)
const ROOM = 'call-room-0001'

function setup(overrides: Partial<InvitationsApi> = {}) {
  const log: string[] = []
  const start = Date.now()
  const api: InvitationsApi = {
    identityOf: async (username) => {
      log.push(`identity ${username}`)
      return identityOf(username)
    },
    ring: async (identity, room, kind) => {
      log.push(`ring ${identity[0]} ${room} ${kind}@${Date.now() - start}`)
      return { available: true }
    },
    reportMissed: async (identity) => {
      log.push(`missed ${identity[0]}@${Date.now() - start}`)
    },
    ...overrides
  }
  const changes = vi.fn()
  const invitations = new Invitations({ api, clock: systemClock, room: ROOM, kind: 'voice', pauseMs: 10_000, onChange: changes })
  const states = () => invitations.list().map((invitation) => `${invitation.profile.username}: ${invitation.state}`)
  return { invitations, log, changes, states }
}

describe('invitations into a call that is on', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('rings each invited person into the room with the call kind, and stops when they join', async () => {
    const { invitations, log, states } = setup()
    invitations.invite(carol)
    expect(states()).toEqual(['carol: looking-up'])
    await vi.advanceTimersByTimeAsync(0)
    expect(states()).toEqual(['carol: ringing'])
    await vi.advanceTimersByTimeAsync(10_000)
    invitations.participantJoined(identityOf('carol'))
    expect(states()).toEqual(['carol: joined'])
    await vi.advanceTimersByTimeAsync(60_000)
    expect(log).toEqual(['identity carol', `ring c ${ROOM} voice@0`, `ring c ${ROOM} voice@10000`])
  })

  it('gives each person their own answer: one declines, one never answers and gets one missed report', async () => {
    const { invitations, log, states } = setup()
    invitations.invite(carol)
    invitations.invite(dave)
    await vi.advanceTimersByTimeAsync(1_000)
    invitations.rejected(carol.id, 'rejected')
    await vi.advanceTimersByTimeAsync(0)
    expect(states()).toEqual(['carol: declined', 'dave: ringing'])
    await vi.advanceTimersByTimeAsync(30_000)
    expect(states()).toEqual(['carol: declined', 'dave: no-answer'])
    expect(log.filter((line) => line.startsWith('missed'))).toEqual(['missed c@1000', 'missed d@30000'])
  })

  it('answers busy for someone in another call, and a failed lookup as failed, without ringing', async () => {
    const lookupError = new Error("You can't call yourself")
    const { invitations, log, states } = setup({
      identityOf: async (username) => {
        if (username === 'dave') throw lookupError
        return identityOf(username)
      }
    })
    invitations.invite(carol)
    invitations.invite(dave)
    await vi.advanceTimersByTimeAsync(0)
    invitations.rejected(carol.id, 'busy')
    await vi.advanceTimersByTimeAsync(0)
    expect(states()).toEqual(['carol: busy', 'dave: failed'])
    expect(invitations.list()[1]!.error).toBe(lookupError)
    expect(log.filter((line) => line.startsWith('ring'))).toHaveLength(1)
  })

  it('does not ring someone twice while they are rung, but may ring again after a no', async () => {
    const { invitations, log, states } = setup()
    invitations.invite(carol)
    invitations.invite(carol)
    await vi.advanceTimersByTimeAsync(0)
    expect(log.filter((line) => line.startsWith('ring'))).toHaveLength(1)
    invitations.rejected(carol.id, 'rejected')
    await vi.advanceTimersByTimeAsync(0)
    invitations.invite(carol)
    await vi.advanceTimersByTimeAsync(0)
    expect(states()).toEqual(['carol: ringing'])
    expect(log.filter((line) => line.startsWith('ring'))).toHaveLength(2)
  })

  it('hanging up stops every ring still going, each with its missed report, and invites nobody after', async () => {
    const { invitations, log, states } = setup()
    invitations.invite(carol)
    await vi.advanceTimersByTimeAsync(2_000)
    invitations.close()
    invitations.invite(dave)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(states()).toEqual(['carol: cancelled'])
    expect(log).toEqual(['identity carol', `ring c ${ROOM} voice@0`, 'missed c@2000'])
  })

  it("a rejection from someone not invited changes nothing", async () => {
    const { invitations, states, changes } = setup()
    invitations.invite(carol)
    await vi.advanceTimersByTimeAsync(0)
    changes.mockClear()
    invitations.rejected(dave.id, 'rejected')
    invitations.participantJoined(identityOf('dave'))
    await vi.advanceTimersByTimeAsync(0)
    expect(states()).toEqual(['carol: ringing'])
    expect(changes).not.toHaveBeenCalled()
  })

  it('cancelling one invitation stops only that ring, with its missed report; one cancelled during the lookup is never rung', async () => {
    let releaseLookup: () => void = () => undefined
    const { invitations, log, states } = setup({
      identityOf: async (username) => {
        if (username === 'dave') await new Promise<void>((resolve) => (releaseLookup = resolve))
        return identityOf(username)
      }
    })
    invitations.invite(carol)
    invitations.invite(dave)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(states()).toEqual(['carol: ringing', 'dave: looking-up'])
    invitations.cancel('carol')
    invitations.cancel('dave')
    await vi.advanceTimersByTimeAsync(0)
    expect(states()).toEqual(['carol: cancelled', 'dave: cancelled'])
    releaseLookup()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(states()).toEqual(['carol: cancelled', 'dave: cancelled'])
    expect(log.filter((line) => !line.startsWith('identity'))).toEqual([`ring c ${ROOM} voice@0`, 'missed c@1000'])
    // A cancelled invitation may be sent again.
    invitations.invite(carol)
    await vi.advanceTimersByTimeAsync(0)
    expect(states()).toEqual(['carol: ringing', 'dave: cancelled'])
  })
})
