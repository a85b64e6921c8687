// Group calls between test pages (two-pages.ts sides): more accounts than the three demo
// ones, joining a call's room as an answered ring would, and what each page's controller
// and peer connections show. The mesh test and `npm run bench:group` share these.
import { DEFAULT_OAUTH_CLIENT } from '../../../common/api'
import type { TestServer } from '../../support/server'
import { connectionReport, waitForPhase, type Side } from './two-pages'

export interface NewAccount {
  name: string
  email: string
  password: string
}

/** Creates an account (the server seeds only three); sign it in with openSide(world, email, { password }). */
export async function signUp(server: Pick<TestServer, 'url'>, account: NewAccount): Promise<void> {
  const response = await fetch(`${server.url}/v3/oauth2/access_token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ client_id: DEFAULT_OAUTH_CLIENT.clientId, client_secret: DEFAULT_OAUTH_CLIENT.clientSecret, grant_type: 'shoutit_signup', ...account })
  })
  if (!response.ok) throw new Error(`sign-up of ${account.email} failed: ${response.status} ${await response.text()}`)
}

/**
 * `caller` rings `side` into `room` (only people asked into a call may join its room), and
 * `side` answers as that ring would have it (main puts the caller's identity in the ring).
 */
export async function joinRoom(side: Side, caller: Side, room: string, timeoutMs?: number): Promise<void> {
  const callerIdentity = await caller.page.evaluate(
    async ({ username, room }) => {
      const callee = await window.shoutit.invoke('video:identity', { username })
      if (!callee.ok) throw new Error(`looking up ${username}: ${callee.error.message}`)
      const ring = await window.shoutit.invoke('video:ring', { identity: callee.value.identity, room, kind: 'video' })
      if (!ring.ok) throw new Error(`ringing ${username} into ${room}: ${ring.error.message}`)
      const token = await window.shoutit.invoke('video:getToken', { minValidSeconds: 0 })
      return token.ok ? token.value.identity : ''
    },
    { username: side.profile.username, room }
  )
  await side.page.evaluate(({ ring }) => void window.callTest.ready.then((controller) => controller.answer(ring)), {
    ring: { room, callerIdentity, caller: caller.profile }
  })
  await waitForPhase(side, 'in-call', timeoutMs)
}

/** Waits until the page's controller lists `count` other participants, each with a stream of audio and video; returns their identities. */
export async function waitForParticipants(side: Side, count: number): Promise<string[]> {
  await side.page
    .waitForFunction(
      (wanted) => {
        const controller = window.callTest.controller
        const phase = controller?.getState()
        if (phase?.phase !== 'in-call' || phase.participants.length !== wanted) return false
        const streams = controller!.getMedia().remoteStreams
        return phase.participants.every((participant) => streams[participant.identity]?.getTracks().length === 2)
      },
      count,
      { timeout: 60_000, polling: 100 }
    )
    .catch(async (error: unknown) => {
      console.error(`${side.profile.username}'s connections:`, await connectionReport(side))
      throw error
    })
  return side.page.evaluate(() => {
    const phase = window.callTest.controller!.getState()
    return phase.phase === 'in-call' ? phase.participants.map((participant) => participant.identity) : []
  })
}

/** One connected peer connection of a page, as its cumulative stats say. */
export interface PairMedia {
  framesDecoded: number
  /** Sum of the inbound audio's totalAudioEnergy: grows while audible audio arrives. */
  audioEnergy: number
  bytesReceived: number
  /** Outbound RTP, audio and video: what this page sends to that one member. */
  bytesSent: number
}

/** Each connected peer connection of the page (one per other member of a mesh). */
export function pairMedia(side: Side): Promise<PairMedia[]> {
  return side.page.evaluate(async () => {
    const probe = (window as unknown as { __mediaProbe: { connections: RTCPeerConnection[] } }).__mediaProbe
    const live = probe.connections.filter((pc) => pc.connectionState === 'connected')
    return Promise.all(
      live.map(async (pc) => {
        const media = { framesDecoded: 0, audioEnergy: 0, bytesReceived: 0, bytesSent: 0 }
        ;(await pc.getStats()).forEach((entry: Record<string, unknown>) => {
          if (entry.type === 'outbound-rtp') media.bytesSent += Number(entry.bytesSent ?? 0)
          if (entry.type !== 'inbound-rtp') return
          media.bytesReceived += Number(entry.bytesReceived ?? 0)
          if (entry.kind === 'video') media.framesDecoded += Number(entry.framesDecoded ?? 0)
          if (entry.kind === 'audio') media.audioEnergy += Number(entry.totalAudioEnergy ?? 0)
        })
        return media
      })
    )
  })
}

/** Waits until the page has `count` connected peer connections. */
export async function waitForConnectedPairs(side: Side, count: number): Promise<void> {
  await side.page
    .waitForFunction(
      (wanted) =>
        (window as unknown as { __mediaProbe: { connections: RTCPeerConnection[] } }).__mediaProbe.connections.filter((pc) => pc.connectionState === 'connected').length ===
        wanted,
      count,
      { timeout: 60_000, polling: 100 }
    )
    .catch(async (error: unknown) => {
      console.error(`${side.profile.username}'s connections:`, await connectionReport(side))
      throw error
    })
}
