// Group calls through Janus: five Chromium pages, each running the app's janus engine
// against the reference server and a real Janus (VideoRoom, signed tokens) that this test
// starts on loopback. Alice rings the four others into one room; every page joins it with
// Chromium's fake camera and must receive the four others' videos, each one moving. And a
// call of two through the app's own call controller (ring, answer, hang up), as for p2p.
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../support/chromium'
import { closeGroup, joinGroup, openGroup, waitForEveryVideo, type GroupMember } from '../../support/browser/janus-group'
import { buildTestPage, type PageBundle } from '../../support/browser/page-bundle'
import { janusTestsCanRun, startJanusServer, type JanusServer } from '../../support/janus-server'
import { DEMO_ACCOUNTS, startTestServer, type TestServer } from '../../support/server'
import { connectCall, expectMovingMedia, openSide, waitForPhase } from './two-pages'

const canRun = janusTestsCanRun('Janus group call test')
const PEOPLE = 5

let janus: JanusServer
let server: TestServer
let bundle: PageBundle
let controllerBundle: PageBundle
let browser: Browser
let group: GroupMember[] = []

describe.runIf(canRun)('calls through Janus', () => {
  beforeAll(async () => {
    ;[janus, bundle, controllerBundle, browser] = await Promise.all([
      startJanusServer(),
      buildTestPage(path.join(import.meta.dirname, 'janus-page')),
      buildTestPage(path.join(import.meta.dirname, 'page')),
      launchChromium()
    ])
    server = await startTestServer({ janus: { url: janus.url, tokenSecret: janus.tokenSecret, adminKey: janus.adminKey } })
    group = await openGroup({ server, bundle, browser }, PEOPLE)
  }, 120_000)

  afterAll(async () => {
    await closeGroup(group)
    await browser?.close()
    await server?.stop()
    await janus?.stop()
    await bundle?.dispose()
    await controllerBundle?.dispose()
  })

  it('of five: every one receives the other four, each video moving', async () => {
    const room = `janus-group-${process.pid}-five`
    await joinGroup(server, group, room).catch((error: unknown) => {
      console.error(janus.log().slice(-4000))
      throw error
    })
    await waitForEveryVideo(group).catch(async (error: unknown) => {
      for (const member of group) console.error(member.identity, 'receives', await member.page.evaluate(() => window.janusTest.remoteVideos()))
      throw error
    })
    for (const member of group) {
      const others = group.filter((other) => other !== member).map((other) => other.identity)
      expect(await member.page.evaluate(() => window.janusTest.remoteVideos())).toEqual(others.sort())
    }
    // Moving: each of the four videos on each page presents new frames. Frames, not time:
    // it waits (up to a generous bound) for them on a loaded machine.
    for (const [index, { page }] of group.entries()) {
      const before = await page.evaluate(() => window.janusTest.framesByIdentity())
      await page
        .waitForFunction(
          ({ start, others }) => Object.entries(window.janusTest.framesByIdentity()).filter(([identity, frames]) => frames > (start[identity] ?? 0) + 5).length === others,
          { start: before, others: PEOPLE - 1 },
          { timeout: 60_000, polling: 200 }
        )
        .catch(async (error: unknown) => {
          console.error(`page ${index} frames`, before, await page.evaluate(() => window.janusTest.framesByIdentity()))
          throw error
        })
    }
    // Twenty streams decoding would starve what runs next on a small machine.
    await closeGroup(group)
  }, 240_000)

  it("of two, through the app's call controller: rings, answers, carries moving media both ways, and hangs up", async () => {
    const world = { server, bundle: controllerBundle, browser }
    const caller = await openSide(world, DEMO_ACCOUNTS[0]!.username)
    const callee = await openSide(world, DEMO_ACCOUNTS[1]!.username)
    try {
      await connectCall(caller, callee)
      expect(caller.loaded.some((file) => file.includes('janus-engine'))).toBe(true)
      await expectMovingMedia(caller)
      await expectMovingMedia(callee)
      await caller.page.evaluate(() => window.callTest.ready.then((controller) => controller.hangUp()))
      expect(await waitForPhase(caller, 'ended')).toMatchObject({ outcome: 'answered' })
      expect(await waitForPhase(callee, 'ended')).toMatchObject({ outcome: 'answered' })
    } finally {
      await caller.context.close()
      await callee.context.close()
    }
  }, 120_000)
})
