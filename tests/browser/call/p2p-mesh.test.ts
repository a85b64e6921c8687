// A group call on the p2p engine: four Chromium pages in one full mesh through the real
// server (its room channels admitting four), each receiving the three others' moving video
// and audio on a connection of its own; people leaving end only their own pairs.
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { launchChromium } from '../../support/chromium'
import { buildTestPage, type PageBundle } from '../../support/browser/page-bundle'
import { DEMO_ACCOUNTS, startTestServer, type TestServer } from '../../support/server'
import { joinRoom, pairMedia, signUp, waitForConnectedPairs, waitForParticipants } from './group'
import { connectCall, openSide, waitForPhase, type Side } from './two-pages'

let server: TestServer
let bundle: PageBundle
let browser: Browser
let sides: Side[] = []

/** Four pages encode and decode twelve streams: on a busy machine every step may take long. */
const SLOW_MS = 60_000

const DANA = { name: 'Dana Dalton', email: 'dana@example.com', password: 'dana-password' }

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

/**
 * Every pair brings moving video and audio: on each connection frames decoded and audio
 * energy keep growing, and each tile's picture changes. Polled rather than measured over a
 * fixed window, so a loaded machine's low frame rate takes longer instead of failing.
 */
async function expectThreeMovingStreams(side: Side): Promise<void> {
  await waitForConnectedPairs(side, 3)
  const before = await pairMedia(side)
  const picturesBefore = await tilePictures(side)
  expect(before).toHaveLength(3)
  expect(Object.keys(picturesBefore)).toHaveLength(3)
  await vi.waitFor(
    async () => {
      const after = await pairMedia(side)
      expect(after).toHaveLength(3)
      for (const [index, pair] of after.entries()) {
        expect(pair.framesDecoded).toBeGreaterThan(before[index]!.framesDecoded + 5)
        // The fake microphone's beep reaches each pair: the received level was above silence.
        expect(pair.audioEnergy).toBeGreaterThan(before[index]!.audioEnergy)
      }
      const picturesAfter = await tilePictures(side)
      for (const [identity, earlier] of Object.entries(picturesBefore)) {
        const picture = picturesAfter[identity]
        expect(picture, `a tile for ${identity}`).toBeDefined()
        // A picture at all (not a black tile), and a different one since.
        expect(picture!.some((value) => value > 60)).toBe(true)
        expect(picture!.some((value, pixel) => Math.abs(value - earlier[pixel]!) > 30)).toBe(true)
      }
    },
    { timeout: 60_000, interval: 500 }
  )
}

describe('p2p engine: a group call of four Chromium pages in one mesh', () => {
  beforeAll(async () => {
    ;[server, bundle, browser] = await Promise.all([startTestServer({ roomMemberLimit: 4 }), buildTestPage(path.join(import.meta.dirname, 'page')), launchChromium()])
    await signUp(server, DANA)
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

  it('everyone receives the three others: moving video and audio on a connection per pair', { timeout: 300_000 }, async () => {
    const [alice, bob, carol, dana] = sides as [Side, Side, Side, Side]
    const room = await connectCall(alice, bob, { timeoutMs: SLOW_MS })
    await joinRoom(carol, alice, room, SLOW_MS)
    await joinRoom(dana, alice, room, SLOW_MS)
    const seen = await Promise.all(sides.map((side) => waitForParticipants(side, 3)))
    // Each page lists the three others, and nobody lists itself: four distinct identities in all.
    expect(new Set(seen.flat()).size).toBe(4)
    for (const identities of seen) expect(new Set(identities).size).toBe(3)
    for (const side of sides) await expectThreeMovingStreams(side)
  })

  it('someone leaving ends only their pairs; the last one leaving ends the call', { timeout: 300_000 }, async () => {
    const [alice, bob, carol, dana] = sides as [Side, Side, Side, Side]
    await dana.page.evaluate(() => window.callTest.ready.then((controller) => controller.hangUp()))
    for (const side of [alice, bob, carol]) await waitForParticipants(side, 2)
    await carol.page.evaluate(() => window.callTest.ready.then((controller) => controller.hangUp()))
    for (const side of [alice, bob]) await waitForParticipants(side, 1)
    expect((await alice.page.evaluate(() => window.callTest.controller!.getState())).phase).toBe('in-call')
    await bob.page.evaluate(() => window.callTest.ready.then((controller) => controller.hangUp()))
    const ended = await waitForPhase(alice, 'ended', SLOW_MS)
    expect(ended).toMatchObject({ phase: 'ended', outcome: 'answered' })
  })
})
