// A p2p call the way a hosted deployment carries it across NATs: the API server signs TURN
// credentials (coturn's use-auth-secret scheme) into video_auth, both pages allow only relay
// candidates, and coturn on loopback relays the media. The room's signalling goes through a
// separate Pusher-compatible realtime service (a second reference server) that the API
// server publishes to, as it would to soketi or Pusher.
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../support/chromium'
import { buildTestPage, type PageBundle } from '../../support/browser/page-bundle'
import { probeSnapshot } from '../../support/harness/media-probe'
import { DEMO_ACCOUNTS, startTestServer, type TestServer } from '../../support/server'
import { startTurnServer, turnTestsCanRun, type TurnServer } from '../../support/turn-server'
import { connectCall, expectMovingMedia, openSide, waitForPhase, type Side } from './two-pages'

const canRun = turnTestsCanRun('p2p relay test')
const RELAY_ONLY = '?ice-transport=relay'

let turn: TurnServer
let realtime: TestServer
let server: TestServer
let bundle: PageBundle
let browser: Browser
let alice: Side
let bob: Side

interface SelectedPath {
  local: string | undefined
  remote: string | undefined
  relayProtocol: string | undefined
  bytesReceived: number
  /** Every candidate this side gathered, by type. */
  gathered: string[]
}

/** What getStats says the live peer connection's selected candidate pair is made of. */
function selectedPath(side: Side): Promise<SelectedPath | null> {
  return side.page.evaluate(async () => {
    const probe = (window as unknown as { __mediaProbe: { connections: RTCPeerConnection[] } }).__mediaProbe
    const pc = probe.connections.find((connection) => connection.connectionState === 'connected')
    if (!pc) return null
    const stats = await pc.getStats()
    const entries = [...stats.values()] as Array<Record<string, unknown>>
    const transport = entries.find((entry) => entry.type === 'transport' && entry.selectedCandidatePairId)
    const pair = transport ? (stats.get(transport.selectedCandidatePairId as string) as Record<string, unknown> | undefined) : undefined
    if (!pair) return null
    const local = stats.get(pair.localCandidateId as string) as Record<string, unknown> | undefined
    const remote = stats.get(pair.remoteCandidateId as string) as Record<string, unknown> | undefined
    return {
      local: local?.candidateType as string | undefined,
      remote: remote?.candidateType as string | undefined,
      relayProtocol: local?.relayProtocol as string | undefined,
      bytesReceived: Number(pair.bytesReceived ?? 0),
      gathered: entries.filter((entry) => entry.type === 'local-candidate').map((entry) => String(entry.candidateType))
    }
  })
}

/** How many relay allocations coturn granted with the credentials the API server signed for this side. */
function allocationsBy(side: Side): number {
  return turn.log().match(new RegExp(`user <\\d+:${side.profile.id}>.*ALLOCATE processed, success`, 'g'))?.length ?? 0
}

describe.runIf(canRun)('p2p call through a TURN relay, signalled over a separate realtime service', () => {
  beforeAll(async () => {
    const secret = randomBytes(16).toString('hex')
    ;[turn, realtime, bundle, browser] = await Promise.all([
      startTurnServer({ secret }),
      startTestServer({ seedDemoAccounts: false }),
      buildTestPage(path.join(import.meta.dirname, 'page')),
      launchChromium()
    ])
    const { appId, key, secret: pusherSecret, host, port } = realtime.pusher
    server = await startTestServer({
      iceServers: [turn.url],
      turnSecret: secret,
      pusher: { appId, key, secret: pusherSecret, host, port, useTLS: false }
    })
    const world = { server, bundle, browser }
    alice = await openSide(world, DEMO_ACCOUNTS[0]!.username, { query: RELAY_ONLY })
    bob = await openSide(world, DEMO_ACCOUNTS[1]!.username, { query: RELAY_ONLY })
  })

  afterAll(async () => {
    await browser?.close()
    await bundle?.dispose()
    await server?.stop()
    await realtime?.stop()
    await turn?.stop()
  })

  it('connects over relay candidates only, with moving video and audio both ways', async () => {
    const started = performance.now()
    await connectCall(alice, bob)
    const inCall = performance.now()
    await expectMovingMedia(alice)
    await expectMovingMedia(bob)

    for (const side of [alice, bob]) {
      const selected = await selectedPath(side)
      expect(selected, `${side.profile.username}'s selected pair`).toMatchObject({ local: 'relay', remote: 'relay', relayProtocol: 'udp' })
      expect(selected!.bytesReceived).toBeGreaterThan(10_000)
      // Relay-only: not one host or server-reflexive candidate was even gathered.
      expect(new Set(selected!.gathered)).toEqual(new Set(['relay']))
    }
    // coturn allocated with the credentials the API server signed for each of them.
    for (const side of [alice, bob]) expect(allocationsBy(side)).toBeGreaterThan(0)
    // The room's presence channel lived on the realtime service, not on the API server.
    expect(realtime.realtimeConnectionCount()).toBeGreaterThanOrEqual(2)
    expect(server.realtimeConnectionCount()).toBe(0)
    for (const side of [alice, bob]) {
      const probe = await probeSnapshot(side.page)
      const since = (at: number | null): string => (at === null || probe.firstConnectionAt === null ? '-' : `${Math.round(at - probe.firstConnectionAt)} ms`)
      console.log(
        `relay call, ${side.profile.username}: peer connection to connected ${since(probe.firstConnectedAt)}, to first remote frame ${since(probe.firstRemoteFrameAt)}`
      )
    }
    console.log(`relay call: ${Math.round(inCall - started)} ms from "call" to both in the call (ring and answer included)`)

    await alice.page.evaluate(() => window.callTest.ready.then((controller) => controller.hangUp()))
    expect(await waitForPhase(bob, 'ended')).toMatchObject({ outcome: 'answered' })
  })

  it("the device check's relay test gets an address from coturn with the signed credentials, and none with a wrong password", async () => {
    const before = allocationsBy(alice)
    expect(await alice.page.evaluate(() => window.callTest.checkRelay())).toBe('relayed')
    // The address came from a real allocation by coturn, not from a candidate made up on the way.
    await expect.poll(() => allocationsBy(alice)).toBeGreaterThan(before)
    const bobBefore = allocationsBy(bob)
    expect(await bob.page.evaluate(() => window.callTest.checkRelay({ spoilCredential: true }))).toBe('no-relay')
    expect(allocationsBy(bob)).toBe(bobBefore)
  })
})
