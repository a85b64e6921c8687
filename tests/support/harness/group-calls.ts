// Group calls as the scenarios need them: inviting one more person into a call that is on,
// reading the invitations the caller's screen holds, and checking that media arrives from
// every other person (one p2p connection each), not just in sum.
import type { Page } from 'playwright-core'
import type { Profile } from '../../../common/api'
import type { Invitation } from '../../../renderer/calling/controller-types'
import type { MainWindowOf } from './calls'
import { inboundMediaByConnection } from './media-probe'
import { sleep } from './wait'

type ControllerMethod = 'invite' | 'cancelInvitation' | 'invitations'

/**
 * Runs in the page: calls the call screen's own controller, found through the props React
 * gave the rendered call screen. The call screen has no "Add people" control yet, so the
 * scenarios press what that control will press: the controller's invite().
 */
function callOnController([method, argument]: [ControllerMethod, unknown]): unknown {
  type Fiber = { memoizedProps?: { controller?: Record<string, unknown> } | null; return: Fiber | null }
  const screen = document.querySelector('.call-screen')
  if (!screen) throw new Error('no call screen is showing')
  const key = Object.keys(screen).find((name) => name.startsWith('__reactFiber$'))
  let fiber = key ? ((screen as unknown as Record<string, Fiber>)[key] ?? null) : null
  while (fiber && !fiber.memoizedProps?.controller) fiber = fiber.return
  const controller = fiber?.memoizedProps?.controller as
    | { invite(person: unknown): void; cancelInvitation(username: unknown): void; getState(): { phase: string; invitations?: unknown } }
    | undefined
  if (!controller) throw new Error('the call screen has no controller')
  if (method === 'invite') return controller.invite(argument)
  if (method === 'cancelInvitation') return controller.cancelInvitation(argument)
  const state = controller.getState()
  return state.phase === 'in-call' ? (state.invitations ?? []) : []
}

/** Rings `person` into the call `client` is in, as its call screen's "Add people" will. */
export async function invite(client: MainWindowOf, person: Profile): Promise<void> {
  await client.page.evaluate(callOnController, ['invite', person] as [ControllerMethod, unknown])
}

/** The invitations of the call `client` is in (none outside a call). */
export async function invitations(client: MainWindowOf): Promise<Invitation[]> {
  return (await client.page.evaluate(callOnController, ['invitations', null] as [ControllerMethod, unknown])) as Invitation[]
}

/** Waits until `username`'s invitation in `client`'s call is in `state`. */
export async function waitForInvitation(client: MainWindowOf, username: string, state: Invitation['state'], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last: Invitation[] = []
  while (Date.now() < deadline) {
    last = await invitations(client)
    if (last.some((invitation) => invitation.profile.username === username && invitation.state === state)) return
    await sleep(200)
  }
  throw new Error(`${username}'s invitation never became ${state}: ${JSON.stringify(last.map((invitation) => [invitation.profile.username, invitation.state]))}`)
}

/**
 * Waits until each of `count` live peer connections of this page has received moving video
 * and audio energy (in a p2p mesh: media from each of `count` other people). Each connection's
 * video and audio are checked second by second, and each must be seen rising at least once:
 * the fake microphone's beep need not land in the same second on every connection.
 */
export async function waitForMediaFromEach(page: Page, count: number, timeoutMs = 30_000): Promise<{ framesDecoded: number; audioEnergy: number }[]> {
  const deadline = Date.now() + timeoutMs
  const received = new Map<number, { framesDecoded: number; audioEnergy: number }>()
  let before = await inboundMediaByConnection(page)
  while (Date.now() < deadline) {
    await sleep(1000)
    const after = await inboundMediaByConnection(page)
    for (const now of after) {
      const earlier = before.find((entry) => entry.connection === now.connection)
      if (!earlier) continue
      const sum = received.get(now.connection) ?? { framesDecoded: 0, audioEnergy: 0 }
      received.set(now.connection, { framesDecoded: sum.framesDecoded + now.videoFramesDecoded - earlier.videoFramesDecoded, audioEnergy: sum.audioEnergy + now.audioTotalEnergy - earlier.audioTotalEnergy })
    }
    // Only connections still live count: one that closed meanwhile is someone who left.
    const live = after.map((entry) => received.get(entry.connection)).filter((media) => media !== undefined)
    if (live.length === count && live.every((media) => media.framesDecoded > 0 && media.audioEnergy > 0)) return live
    before = after
  }
  throw new Error(`media is not flowing from ${count} people: ${JSON.stringify([...received.values()])}`)
}
