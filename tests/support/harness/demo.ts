// The demo without an Electron binary: the reference server and two whole clients (alice
// and bob) from the end-to-end harness, each in its own Chromium window, side by side.
// With a display the windows stay open until Ctrl+C (press Call on Bob in alice's window,
// Accept in bob's ring window). Without one, the demo places a call by itself and saves a
// picture of both windows mid-call.
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { acceptRing, DISPLAY_NAMES, hangUp, pressCall, waitForMediaFlowing, waitInCall } from './calls'
import { Harness } from './harness'
import { serveFreshRenderer } from './renderer-build'

const WINDOW = { width: 900, height: 680 }

async function placeWindow(page: Page, left: number): Promise<void> {
  // Best effort: headed Chromium windows, one per client, next to each other.
  const session = await page.context().newCDPSession(page)
  try {
    const { windowId } = (await session.send('Browser.getWindowForTarget')) as { windowId: number }
    await session.send('Browser.setWindowBounds', { windowId, bounds: { left, top: 0, ...WINDOW } })
  } catch {
    // A window manager may refuse; the windows still work where they are.
  } finally {
    await session.detach().catch(() => undefined)
  }
}

async function main(): Promise<void> {
  const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && process.env.SHOUTIT_DEMO_HEADLESS !== '1'
  console.log('[demo] building the app…')
  const renderer = await serveFreshRenderer()
  const harness = await Harness.start({ rendererUrl: renderer.url, headless: !headed })
  const stop = async () => {
    await harness.stop()
    await renderer.close()
  }
  process.once('SIGINT', () => void stop().then(() => process.exit(130)))
  try {
    console.log(`[demo] reference server at ${harness.server.url} (demo accounts alice, bob, carol)`)
    const [alice, bob] = await Promise.all([harness.signedInClient('alice'), harness.signedInClient('bob')])
    await placeWindow(alice.page, 0)
    await placeWindow(bob.page, WINDOW.width)
    if (headed) {
      console.log('[demo] alice (left) and bob (right) are signed in. In alice\'s window press Call next to Bob Baker; accept in bob\'s ring window. Ctrl+C ends the demo.')
      await new Promise(() => undefined)
      return
    }
    console.log('[demo] no display: alice calls bob by herself…')
    await pressCall(alice, DISPLAY_NAMES.bob)
    await acceptRing(bob)
    await Promise.all([waitInCall(alice), waitInCall(bob)])
    await Promise.all([waitForMediaFlowing(alice.page), waitForMediaFlowing(bob.page)])
    const folder = await mkdtemp(path.join(tmpdir(), 'shoutit-demo-'))
    for (const client of [alice, bob]) {
      const file = path.join(folder, `${client.name}-in-call.png`)
      await client.page.screenshot({ path: file })
      console.log(`[demo] ${client.name}'s window during the call: ${file}`)
    }
    await hangUp(alice)
    console.log('[demo] the call worked both ways (video frames and audio received on each side); done.')
  } finally {
    await stop()
  }
}

main().catch((error: unknown) => {
  console.error('[demo]', error)
  process.exitCode = 1
})
