// The p2p engine between two real Chromium pages: each page runs the app's call
// controller against the real reference server (REST and its Pusher-protocol realtime
// endpoint on loopback), with Chromium's fake camera and microphone.
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { launchChromium } from '../../support/chromium'
import { buildTestPage, type PageBundle } from '../../support/browser/page-bundle'
import { DEMO_ACCOUNTS, startTestServer, type TestServer } from '../../support/server'
import { connectCall as connectSides, expectMovingMedia, openSide as openSideIn, state, waitForPhase, type Side, type SideOptions } from './two-pages'

let server: TestServer
let bundle: PageBundle
let browser: Browser
let alice: Side
let bob: Side

const openSide = (login: string, options: SideOptions = {}): Promise<Side> => openSideIn({ server, bundle, browser }, login, options)
const connectCall = (from: Side = alice, to: Side = bob, options: { video?: boolean } = {}): Promise<string> => connectSides(from, to, options)

/** Waits until a side's controller shows the other side's media state as expected. */
async function waitForRemote(side: Side, expected: { audioMuted: boolean; videoOff: boolean }): Promise<void> {
  await side.page.waitForFunction(
    (wanted) => {
      const phase = window.callTest.controller?.getState()
      return phase?.phase === 'in-call' && phase.remote.audioMuted === wanted.audioMuted && phase.remote.videoOff === wanted.videoOff
    },
    expected,
    { timeout: 10_000, polling: 50 }
  )
}

/** What Alice's page sends as video: the live sender's track settings. */
async function outgoingVideo(side: Side): Promise<{ displaySurface: string | null; width: number | null }> {
  return side.page.evaluate(() => {
    const probe = (window as unknown as { __mediaProbe: { connections: RTCPeerConnection[] } }).__mediaProbe
    const pc = probe.connections.find((connection) => connection.connectionState !== 'closed')
    const sender = pc?.getSenders().find((candidate) => candidate.track?.kind === 'video')
    const settings = sender?.track?.getSettings() as (MediaTrackSettings & { displaySurface?: string }) | undefined
    return { displaySurface: settings?.displaySurface ?? null, width: settings?.width ?? null }
  })
}

/** Video frames this side has decoded so far, over its live connection. */
async function framesDecoded(side: Side): Promise<number> {
  return side.page.evaluate(async () => {
    const probe = (window as unknown as { __mediaProbe: { connections: RTCPeerConnection[] } }).__mediaProbe
    const pc = probe.connections.find((connection) => connection.connectionState !== 'closed')
    let frames = 0
    ;(await pc?.getStats())?.forEach((entry: { type?: string; kind?: string; framesDecoded?: number }) => {
      if (entry.type === 'inbound-rtp' && entry.kind === 'video') frames += entry.framesDecoded ?? 0
    })
    return frames
  })
}

/** How much the live video sender scales the camera down (1 = as captured). */
async function outgoingVideoScale(side: Side): Promise<number | null> {
  return side.page.evaluate(() => {
    const probe = (window as unknown as { __mediaProbe: { connections: RTCPeerConnection[] } }).__mediaProbe
    const pc = probe.connections.find((connection) => connection.connectionState !== 'closed')
    const sender = pc?.getSenders().find((candidate) => candidate.track?.kind === 'video')
    return sender?.getParameters().encodings[0]?.scaleResolutionDownBy ?? null
  })
}

describe('p2p engine between two Chromium pages', () => {
  beforeAll(async () => {
    ;[server, bundle, browser] = await Promise.all([startTestServer(), buildTestPage(path.join(import.meta.dirname, 'page')), launchChromium()])
    alice = await openSide(DEMO_ACCOUNTS[0]!.username)
    bob = await openSide(DEMO_ACCOUNTS[1]!.username)
  })

  afterAll(async () => {
    await browser?.close()
    await bundle?.dispose()
    await server?.stop()
  })

  it('connects a call: both sides receive moving video and audio', async () => {
    await connectCall()
    // The first seconds go out at half size, so the first frame is not dropped for bitrate.
    // In a mesh the camera reaches a pair's sender just after the pair connects: wait for it to be there.
    await vi.waitFor(async () => expect(await outgoingVideoScale(alice)).not.toBeNull(), { timeout: 5_000, interval: 50 })
    expect(await outgoingVideoScale(alice)).toBe(2)
    await expectMovingMedia(alice)
    await expectMovingMedia(bob)
    // Network quality is measured for p2p too (on loopback: excellent).
    await alice.page.waitForFunction(() => {
      const phase = window.callTest.controller?.getState()
      return phase?.phase === 'in-call' && phase.networkQuality !== null && phase.networkQuality >= 4
    }, undefined, { timeout: 10_000 })
    // From the first quality sample on, the camera goes out as captured, unless the adaptation
    // has reduced it since (a CPU short on a loaded machine), and then the call says why.
    await vi.waitFor(
      async () => {
        const phase = await state(alice)
        const scale = await outgoingVideoScale(alice)
        if (phase.phase === 'in-call' && phase.outgoingVideoReduced) expect(scale).toBeGreaterThan(1)
        else expect(scale).toBe(1)
      },
      { timeout: 5_000, interval: 100 }
    )
    // Answered: the ring loop stopped without a missed report.
    expect(alice.bridge.reports('call:finished')).toEqual([])
    expect(alice.bridge.invocations.some((entry) => entry.channel === 'video:reportMissed')).toBe(false)
    // The p2p call loaded no twilio-video code.
    expect(alice.loaded.some((file) => /twilio/i.test(file))).toBe(false)
  })

  it('loads the twilio engine (and twilio-video) only when asked, and it evaluates in Chromium', async () => {
    expect(bob.loaded.some((file) => /twilio/i.test(file))).toBe(false)
    await expect(bob.page.evaluate(() => window.callTest.loadEngine('twilio'))).resolves.toBe('twilio')
    expect(bob.loaded.some((file) => /twilio/i.test(file))).toBe(true)
  })

  it('shares the screen in place of the camera, and restores the camera after', async () => {
    expect((await outgoingVideo(alice)).displaySurface).toBeNull()
    await alice.page.evaluate(() => window.callTest.ready.then((controller) => controller.startScreenShare()))
    expect(await state(alice)).toMatchObject({ phase: 'in-call', sharingScreen: true })
    expect((await outgoingVideo(alice)).displaySurface).toBe('monitor')
    await expectMovingMedia(bob)

    await alice.page.evaluate(() => window.callTest.ready.then((controller) => controller.stopScreenShare()))
    expect(await state(alice)).toMatchObject({ phase: 'in-call', sharingScreen: false })
    expect((await outgoingVideo(alice)).displaySurface).toBeNull()
    await expectMovingMedia(bob)
  })

  it("each side learns the other's mute and camera-off through the media signal, and their return", async () => {
    await waitForRemote(alice, { audioMuted: false, videoOff: false })
    await bob.page.evaluate(() =>
      window.callTest.ready.then((controller) => {
        controller.setMuted(true)
        controller.setCameraOff(true)
      })
    )
    await waitForRemote(alice, { audioMuted: true, videoOff: true })
    // Only Bob changed: Bob still sees Alice as she is.
    expect(await state(bob)).toMatchObject({ remote: { audioMuted: false, videoOff: false } })
    await bob.page.evaluate(() =>
      window.callTest.ready.then((controller) => {
        controller.setMuted(false)
        controller.setCameraOff(false)
      })
    )
    await waitForRemote(alice, { audioMuted: false, videoOff: false })
  })

  it("stops the other side's video while nothing shows it (they pause sending, we decode nothing), and gets it back at once", async () => {
    const setShown = (shown: boolean) => bob.page.evaluate((value) => window.callTest.ready.then((controller) => controller.setRemoteVideoShown(value)), shown)
    await expectMovingMedia(bob)
    await setShown(false)
    // Alice's encoding to Bob goes inactive...
    await alice.page.waitForFunction(
      () => {
        const probe = (window as unknown as { __mediaProbe: { connections: RTCPeerConnection[] } }).__mediaProbe
        const pc = probe.connections.find((connection) => connection.connectionState !== 'closed')
        const sender = pc?.getSenders().find((candidate) => candidate.track?.kind === 'video')
        return sender?.getParameters().encodings[0]?.active === false
      },
      undefined,
      { timeout: 10_000, polling: 50 }
    )
    // ...and Bob's decoder stops: no frame in a second (a 30 fps camera would give ~30).
    await bob.page.waitForTimeout(300)
    const paused = await framesDecoded(bob)
    await bob.page.waitForTimeout(1_000)
    expect(await framesDecoded(bob)).toBe(paused)
    // Alice still receives Bob's video: only his side asked.
    await expectMovingMedia(alice)
    await setShown(true)
    await vi.waitFor(async () => expect(await framesDecoded(bob)).toBeGreaterThan(paused + 10), { timeout: 10_000, interval: 200 })
    await expectMovingMedia(bob)
  })

  it('hanging up ends the call on both sides', async () => {
    await alice.page.evaluate(() => window.callTest.ready.then((controller) => controller.hangUp()))
    expect(await waitForPhase(alice, 'ended')).toMatchObject({ outcome: 'answered' })
    expect(await waitForPhase(bob, 'ended')).toMatchObject({ outcome: 'answered', message: `${alice.profile.name} hung up.` })
    expect(alice.bridge.reports('call:finished')).toEqual([expect.objectContaining({ direction: 'outgoing', outcome: 'answered' })])
    expect(bob.bridge.reports('call:finished')).toEqual([expect.objectContaining({ direction: 'incoming', outcome: 'answered' })])
    for (const side of [alice, bob]) await side.page.evaluate(() => window.callTest.ready.then((controller) => controller.dismiss()))
  })

  /** Alice rings Bob (who never answers) and returns the room once she is ringing. */
  async function ringBob(): Promise<string> {
    const before = alice.bridge.reports('call:activity').length
    await alice.page.evaluate((peer) => void window.callTest.ready.then((controller) => controller.call(peer)), bob.profile)
    await waitForPhase(alice, 'ringing')
    const room = (alice.bridge.reports('call:activity').slice(before) as Array<{ room?: string }>).find((report) => report.room)?.room
    expect(room).toBeTruthy()
    return room!
  }

  /** What the server saw of Alice's calls since a moment: rings for the room, and missed reports. */
  function serverSaw(since: number, room: string): { rings: number; missed: number } {
    const calls = server.audit.list('video_call').filter((entry) => entry.at >= since && entry.callerUsername === alice.profile.username)
    return { rings: calls.filter((entry) => !entry.missed && entry.room === room).length, missed: calls.filter((entry) => entry.missed).length }
  }

  it('cancelling while ringing ends the call and the server gets exactly one missed report', async () => {
    await alice.page.evaluate(() => window.callTest.ready.then((controller) => controller.dismiss()))
    const since = Date.now()
    const room = await ringBob()
    await alice.page.evaluate(() => window.callTest.ready.then((controller) => controller.hangUp()))
    expect(await state(alice)).toMatchObject({ phase: 'ended', outcome: 'cancelled' })
    await vi.waitFor(() => expect(serverSaw(since, room)).toEqual({ rings: 1, missed: 1 }), { timeout: 10_000 })
  })

  it('a rejection pushed by main ends the ringing as declined, followed by one missed report', async () => {
    await alice.page.evaluate(() => window.callTest.ready.then((controller) => controller.dismiss()))
    const since = Date.now()
    const room = await ringBob()
    await alice.bridge.emit('call:rejected', { room, reason: 'rejected', profile: bob.profile })
    const ended = await waitForPhase(alice, 'ended')
    expect(ended).toMatchObject({ outcome: 'declined' })
    // The outcome says it; no message repeats it.
    expect(ended).not.toHaveProperty('message')
    await vi.waitFor(() => expect(serverSaw(since, room)).toEqual({ rings: 1, missed: 1 }), { timeout: 10_000 })
    await alice.page.evaluate(() => window.callTest.ready.then((controller) => controller.dismiss()))
  })

  it('a member leaving (its window closed) ends the call for the other side', async () => {
    await connectCall()
    await expectMovingMedia(alice)
    await bob.context.close()
    expect(await waitForPhase(alice, 'ended')).toMatchObject({ outcome: 'answered', message: `${bob.profile.name} hung up.` })
    // The engine tore its peer connection down.
    const open = await alice.page.evaluate(
      () => (window as unknown as { __mediaProbe: { connections: RTCPeerConnection[] } }).__mediaProbe.connections.filter((pc) => pc.connectionState !== 'closed').length
    )
    expect(open).toBe(0)
  })

  it('without a camera the call is audio-only (no remote video shown), and sharing the screen brings video', async () => {
    await alice.page.evaluate(() => window.callTest.ready.then((controller) => controller.dismiss()))
    const carol = await openSide(DEMO_ACCOUNTS[2]!.username, { camera: false })
    try {
      await connectCall(carol, alice)
      await expectMovingMedia(alice, { video: false })
      // Alice's camera reaches Carol, whichever of them opened the negotiation.
      await expectMovingMedia(carol)
      // Video is negotiated from the start, but a kind that carries nothing is not shown.
      expect(await alice.page.evaluate(() => window.callTest.controller?.getMedia().remoteStream?.getVideoTracks().length)).toBe(0)
      await carol.page.evaluate(() => window.callTest.ready.then((controller) => controller.startScreenShare()))
      expect(await state(carol)).toMatchObject({ phase: 'in-call', sharingScreen: true })
      await alice.page.waitForFunction(() => window.callTest.controller?.getMedia().remoteStream?.getVideoTracks().length === 1, undefined, { timeout: 10_000 })
      await expectMovingMedia(alice)
      await carol.page.evaluate(() => window.callTest.ready.then((controller) => controller.hangUp()))
      expect(await waitForPhase(alice, 'ended')).toMatchObject({ outcome: 'answered' })
    } finally {
      await carol.context.close()
    }
  })

  it('a voice call sends no video and never starts the camera; turning the camera on later sends it', async () => {
    await alice.page.evaluate(() => window.callTest.ready.then((controller) => controller.dismiss()))
    const dave = await openSide(DEMO_ACCOUNTS[1]!.username)
    try {
      await connectCall(alice, dave, { video: false })
      expect(await state(alice)).toMatchObject({ phase: 'in-call', cameraOff: true })
      expect(await alice.page.evaluate(() => window.callTest.controller?.getMedia().localStream?.getVideoTracks().length ?? 0)).toBe(0)
      await waitForRemote(dave, { audioMuted: false, videoOff: true })
      await expectMovingMedia(dave, { video: false })

      await alice.page.evaluate(() => window.callTest.ready.then((controller) => controller.setCameraOff(false)))
      await waitForRemote(dave, { audioMuted: false, videoOff: false })
      await dave.page.waitForFunction(() => window.callTest.controller?.getMedia().remoteStream?.getVideoTracks().length === 1, undefined, { timeout: 10_000 })
      await expectMovingMedia(dave)
      await alice.page.evaluate(() => window.callTest.ready.then((controller) => controller.hangUp()))
      expect(await waitForPhase(dave, 'ended')).toMatchObject({ outcome: 'answered' })
    } finally {
      await dave.context.close()
    }
  })
})
