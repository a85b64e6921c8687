// A group call on the p2p engine: four Chromium pages in one full mesh through the real
// server (its room channels admitting four), each receiving the three others' moving video
// and audio on a connection of its own; people leaving end only their own pairs.
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_OAUTH_CLIENT } from '../../../common/api'
import { launchChromium } from '../../support/chromium'
import { buildTestPage, type PageBundle } from '../../support/browser/page-bundle'
import { DEMO_ACCOUNTS, startTestServer, type TestServer } from '../../support/server'
import { connectCall, connectionReport, openSide, waitForPhase, type Side } from './two-pages'

let server: TestServer
let bundle: PageBundle
let browser: Browser
let sides: Side[] = []

const DANA = { name: 'Dana Dalton', email: 'dana@example.com', password: 'dana-password' }

/** A fourth account: the server seeds three. */
async function signUpDana(): Promise<void> {
  const response = await fetch(`${server.url}/v3/oauth2/access_token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ client_id: DEFAULT_OAUTH_CLIENT.clientId, client_secret: DEFAULT_OAUTH_CLIENT.clientSecret, grant_type: 'shoutit_signup', ...DANA })
  })
  expect(response.status).toBe(200)
}

/** Joins `room` as a ring from `caller` would have it answered (main puts the caller's identity in the ring). */
async function joinRoom(side: Side, caller: Side, room: string): Promise<void> {
  const callerIdentity = await caller.page.evaluate(async () => {
    const token = await window.shoutit.invoke('video:getToken', { minValidSeconds: 0 })
    return token.ok ? token.value.identity : ''
  })
  await side.page.evaluate(({ ring }) => void window.callTest.ready.then((controller) => controller.answer(ring)), {
    ring: { room, callerIdentity, caller: caller.profile }
  })
  await waitForPhase(side, 'in-call')
}

/** Waits until the page's controller lists `count` other participants, each with a stream of audio and video. */
async function waitForParticipants(side: Side, count: number): Promise<string[]> {
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
      { timeout: 30_000, polling: 100 }
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

interface PairMedia {
  framesDecoded: number
  audioEnergy: number
  audioLevel: number
}

/** Inbound media of each live peer connection of the page: one per other participant. */
function pairMedia(side: Side): Promise<PairMedia[]> {
  return side.page.evaluate(async () => {
    const probe = (window as unknown as { __mediaProbe: { connections: RTCPeerConnection[] } }).__mediaProbe
    const live = probe.connections.filter((pc) => pc.connectionState === 'connected')
    return Promise.all(
      live.map(async (pc) => {
        const media = { framesDecoded: 0, audioEnergy: 0, audioLevel: 0 }
        ;(await pc.getStats()).forEach((entry: Record<string, unknown>) => {
          if (entry.type !== 'inbound-rtp') return
          if (entry.kind === 'video') media.framesDecoded += Number(entry.framesDecoded ?? 0)
          if (entry.kind === 'audio') {
            media.audioEnergy += Number(entry.totalAudioEnergy ?? 0)
            media.audioLevel = Math.max(media.audioLevel, Number(entry.audioLevel ?? 0))
          }
        })
        return media
      })
    )
  })
}

/** A small grey-level thumbnail of each participant's tile, by identity: what the page shows of them. */
function tilePictures(side: Side): Promise<Record<string, number[]>> {
  return side.page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = 32
    canvas.height = 24
    const context = canvas.getContext('2d', { willReadFrequently: true })!
    const pictures: Record<string, number[]> = {}
    for (const tile of document.querySelectorAll<HTMLVideoElement>('#participants video')) {
      context.drawImage(tile, 0, 0, canvas.width, canvas.height)
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height)
      const grey: number[] = []
      for (let index = 0; index < data.length; index += 4) grey.push(data[index]! + data[index + 1]! + data[index + 2]!)
      pictures[tile.dataset.identity!] = grey
    }
    return pictures
  })
}

/** Every pair brings moving video and audio: frames decoded and audio energy grow on each connection, and each tile's picture changes. */
async function expectThreeMovingStreams(side: Side): Promise<void> {
  await side.page
    .waitForFunction(
      () => (window as unknown as { __mediaProbe: { connections: RTCPeerConnection[] } }).__mediaProbe.connections.filter((pc) => pc.connectionState === 'connected').length === 3,
      undefined,
      { timeout: 30_000, polling: 100 }
    )
    .catch(async (error: unknown) => {
      console.error(`${side.profile.username}'s connections:`, await connectionReport(side))
      throw error
    })
  const before = await pairMedia(side)
  const picturesBefore = await tilePictures(side)
  await side.page.waitForTimeout(2_000)
  const after = await pairMedia(side)
  const picturesAfter = await tilePictures(side)
  expect(after).toHaveLength(3)
  for (const [index, pair] of after.entries()) {
    expect(pair.framesDecoded).toBeGreaterThan(before[index]!.framesDecoded + 5)
    // The fake microphone's beep reaches each pair: the received level was above silence.
    expect(pair.audioEnergy).toBeGreaterThan(before[index]!.audioEnergy)
  }
  expect(Object.keys(picturesAfter)).toHaveLength(3)
  for (const [identity, picture] of Object.entries(picturesAfter)) {
    const earlier = picturesBefore[identity]
    expect(earlier, `a tile for ${identity}`).toBeDefined()
    // A picture at all (not a black tile), and a different one two seconds later.
    expect(picture.some((value) => value > 60)).toBe(true)
    expect(picture.some((value, pixel) => Math.abs(value - earlier![pixel]!) > 30)).toBe(true)
  }
}

describe('p2p engine: a group call of four Chromium pages in one mesh', () => {
  beforeAll(async () => {
    ;[server, bundle, browser] = await Promise.all([startTestServer({ roomMemberLimit: 4 }), buildTestPage(path.join(import.meta.dirname, 'page')), launchChromium()])
    await signUpDana()
    const world = { server, bundle, browser }
    sides = await Promise.all([
      ...DEMO_ACCOUNTS.slice(0, 3).map((account) => openSide(world, account.username)),
      openSide(world, DANA.email, { password: DANA.password })
    ])
  })

  afterAll(async () => {
    await browser?.close()
    await bundle?.dispose()
    await server?.stop()
  })

  it('everyone receives the three others: moving video and audio on a connection per pair', async () => {
    const [alice, bob, carol, dana] = sides as [Side, Side, Side, Side]
    const room = await connectCall(alice, bob)
    await joinRoom(carol, alice, room)
    await joinRoom(dana, alice, room)
    const seen = await Promise.all(sides.map((side) => waitForParticipants(side, 3)))
    // Each page lists the three others, and nobody lists itself: four distinct identities in all.
    expect(new Set(seen.flat()).size).toBe(4)
    for (const identities of seen) expect(new Set(identities).size).toBe(3)
    for (const side of sides) await expectThreeMovingStreams(side)
  })

  it('someone leaving ends only their pairs; the last one leaving ends the call', async () => {
    const [alice, bob, carol, dana] = sides as [Side, Side, Side, Side]
    await dana.page.evaluate(() => window.callTest.ready.then((controller) => controller.hangUp()))
    for (const side of [alice, bob, carol]) await waitForParticipants(side, 2)
    await carol.page.evaluate(() => window.callTest.ready.then((controller) => controller.hangUp()))
    for (const side of [alice, bob]) await waitForParticipants(side, 1)
    expect((await alice.page.evaluate(() => window.callTest.controller!.getState())).phase).toBe('in-call')
    await bob.page.evaluate(() => window.callTest.ready.then((controller) => controller.hangUp()))
    const ended = await waitForPhase(alice, 'ended')
    expect(ended).toMatchObject({ phase: 'ended', outcome: 'answered' })
  })
})
