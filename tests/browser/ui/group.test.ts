// Group calls on the call screen in Chromium, through the fake call controller: the grid of
// tiles (who is there, muted, camera off, speaking), the speaker view, and Add people.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { seriousAccessibilityViolations } from './support/axe'
import { alice, bob, carol, dave, erin, frank, german, groupCallPhase, groupIdentities, memberScenario, type InCallPhase } from './support/fixtures'
import { attachCallMedia, callMethods, setCallPhase, type OpenOptions } from './support/ui-harness'
import { useUiHarness } from './support/use-ui-harness'

const harness = useUiHarness()
const MEDIA_TIMEOUT_MS = 20_000

interface Box {
  x: number
  y: number
  width: number
  height: number
}

/** Calls Alice, puts the call in `phase` and gives every participant a stream. */
async function groupCall(phase: InCallPhase, options: OpenOptions = {}): Promise<Page> {
  const page = await harness().open({ ...memberScenario(), people: [alice, bob, carol, dave, erin, frank] }, options)
  await page.getByRole('button', { name: 'Call Alice Liddell', exact: true }).click()
  await setCallPhase(page, phase)
  await attachCallMedia(page, groupIdentities(phase))
  await page.getByRole('list', { name: 'People in the call' }).waitFor()
  return page
}

const tiles = (page: Page) => page.getByRole('list', { name: 'People in the call' }).getByRole('listitem')
const tileOf = (page: Page, name: string) => tiles(page).filter({ has: page.locator('.tile-name', { hasText: name }) })

async function boxes(page: Page): Promise<Box[]> {
  const all = await tiles(page).all()
  return Promise.all(all.map(async (tile) => (await tile.boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 }))
}

function overlap(a: Box, b: Box): boolean {
  // Touching edges (the grid's gap is never negative) is not overlapping: a pixel of rounding is allowed.
  return a.x + a.width > b.x + 1 && b.x + b.width > a.x + 1 && a.y + a.height > b.y + 1 && b.y + b.height > a.y + 1
}

/** Every tile has room of its own, inside the window, above the controls and below the top bar. */
async function expectLaidOutWithoutOverlap(page: Page, count: number): Promise<Box[]> {
  const all = await boxes(page)
  expect(all).toHaveLength(count)
  const viewport = page.viewportSize() ?? { width: 0, height: 0 }
  const controls = await page.getByRole('toolbar', { name: 'Call controls' }).boundingBox()
  const topbar = await page.locator('.call-topbar').boundingBox()
  for (const [index, box] of all.entries()) {
    expect(box.width, `tile ${index} width`).toBeGreaterThan(150)
    expect(box.height, `tile ${index} height`).toBeGreaterThan(80)
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width)
    expect(box.y + box.height, `tile ${index} above the controls`).toBeLessThanOrEqual((controls?.y ?? 0) + 1)
    expect(box.y, `tile ${index} below the top bar`).toBeGreaterThanOrEqual((topbar?.y ?? 0) + (topbar?.height ?? 0) - 1)
    for (const other of all.slice(index + 1)) expect(overlap(box, other), `tile ${index} overlaps another`).toBe(false)
  }
  return all
}

describe('the participant grid', () => {
  it('lays three people out in a 2×2 grid without overlap, you last, each with their video', async () => {
    const page = await groupCall(groupCallPhase([bob]))
    await expectLaidOutWithoutOverlap(page, 3)
    const grid = page.getByRole('list', { name: 'People in the call' })
    expect([await grid.getAttribute('data-columns'), await grid.getAttribute('data-rows')]).toEqual(['2', '2'])
    expect(await tiles(page).locator('.tile-name').allTextContents()).toEqual(['Alice Liddell', 'Bob Dylan', 'You'])
    for (const name of ['Alice Liddell', 'Bob Dylan']) {
      const video = page.getByLabel(`Video of ${name}`)
      await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.videoWidth), { timeout: MEDIA_TIMEOUT_MS }).toBeGreaterThan(0)
    }
    // The heading and the top bar say it is a group call, and how many are in it.
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Group call with Alice Liddell and Bob Dylan')
    expect(await page.locator('.call-peer').textContent()).toBe('3 people')
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await page.context().close()
  })

  it('lays six people out in three columns and two rows without overlap, at 16:9, and reflows in a tall window', async () => {
    const page = await groupCall(groupCallPhase([bob, carol, dave, erin]), { viewport: { width: 1280, height: 720 } })
    const all = await expectLaidOutWithoutOverlap(page, 6)
    // Each tile is a whole camera picture, 16:9, none cropped to a cell's shape.
    for (const box of all) expect(box.width / box.height).toBeCloseTo(16 / 9, 1)
    const grid = page.getByRole('list', { name: 'People in the call' })
    expect([await grid.getAttribute('data-columns'), await grid.getAttribute('data-rows')]).toEqual(['3', '2'])
    // A portrait window: two columns of three.
    await page.setViewportSize({ width: 600, height: 1000 })
    await expect.poll(() => grid.getAttribute('data-columns')).toBe('2')
    await expectLaidOutWithoutOverlap(page, 6)
    await page.context().close()
  })

  it('shows on each tile who is muted and whose camera is off, and keeps their voice playing', async () => {
    const page = await groupCall(groupCallPhase([{ profile: bob, muted: true }, { profile: carol, cameraOff: true }], { muted: true }))
    expect(await tileOf(page, 'Bob Dylan').getByText('Muted').count()).toBe(1)
    expect(await tileOf(page, 'Alice Liddell').getByText('Muted').count()).toBe(0)
    expect(await tileOf(page, 'Carol Danvers').getByText('Muted').count()).toBe(0)
    expect(await tileOf(page, 'You').getByText('Muted').count()).toBe(1)
    const carolTile = tileOf(page, 'Carol Danvers')
    await carolTile.getByText('Camera is off').waitFor()
    expect(await carolTile.locator('.avatar').textContent()).toBe('CD')
    // Her video element stays (her voice plays through it), hidden.
    expect(await carolTile.locator('video').evaluate((video) => getComputedStyle(video).visibility)).toBe('hidden')
    expect(await tileOf(page, 'Bob Dylan').getByText('Camera is off').count()).toBe(0)
    // Only the self view is muted; everyone else's audio plays.
    expect(await tiles(page).locator('video').evaluateAll((videos) => videos.map((video) => (video as HTMLVideoElement).muted))).toEqual([false, false, false, true])
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await page.context().close()
  })

  it('highlights the one speaking with an outline and the word, and follows the speaker', async () => {
    const page = await groupCall(groupCallPhase([{ profile: bob, speaking: true }, carol]))
    const outline = (name: string) => tileOf(page, name).evaluate((tile) => getComputedStyle(tile, '::after').borderTopStyle)
    expect(await outline('Bob Dylan')).toBe('solid')
    expect(await outline('Carol Danvers')).toBe('none')
    expect(await tileOf(page, 'Bob Dylan').getByText('Speaking').count()).toBe(1)
    expect(await tiles(page).getByText('Speaking').count()).toBe(1)
    await setCallPhase(page, groupCallPhase([bob, { profile: carol, speaking: true }]))
    await tileOf(page, 'Carol Danvers').getByText('Speaking').waitFor()
    expect(await outline('Bob Dylan')).toBe('none')
    expect(await outline('Carol Danvers')).toBe('solid')
    await page.context().close()
  })

  it('keeps the speaker outlined in forced colours, in the Highlight colour', async () => {
    const page = await groupCall(groupCallPhase([{ profile: bob, speaking: true }, carol]), { forcedColors: true })
    const highlight = await page.evaluate(() => {
      const probe = document.createElement('span')
      probe.style.color = 'Highlight'
      document.body.append(probe)
      const colour = getComputedStyle(probe).color
      probe.remove()
      return colour
    })
    const style = await tileOf(page, 'Bob Dylan').evaluate((tile) => ({ style: getComputedStyle(tile, '::after').borderTopStyle, colour: getComputedStyle(tile, '::after').borderTopColor }))
    expect(style).toEqual({ style: 'solid', colour: highlight })
    await page.context().close()
  })

  it('keeps the 1:1 layout for a call with one other person', async () => {
    const one = await harness().open(memberScenario())
    await one.getByRole('button', { name: 'Call Alice Liddell', exact: true }).click()
    await setCallPhase(one, groupCallPhase([]))
    await attachCallMedia(one)
    await one.getByLabel('Video of Alice Liddell').waitFor()
    expect(await one.getByRole('list', { name: 'People in the call' }).count()).toBe(0)
    expect(await one.getByRole('button', { name: 'Speaker view' }).count()).toBe(0)
    expect(await one.getByRole('heading', { level: 1 }).textContent()).toBe('Call with Alice Liddell')
    await one.context().close()
  })
})

describe('the speaker view', () => {
  it('shows the speaker large and everyone else in a strip; any strip tile can be shown large with the keyboard', async () => {
    const page = await groupCall(groupCallPhase([{ profile: bob, speaking: true }, carol, dave]))
    const toggle = page.getByRole('toolbar', { name: 'Call controls' }).getByRole('button', { name: 'Speaker view' })
    expect(await toggle.getAttribute('aria-pressed')).toBe('false')
    await toggle.focus()
    await page.keyboard.press('Enter')
    await page.getByRole('button', { name: 'Speaker view', pressed: true }).waitFor()

    const featuredArea = async (name: string) => {
      const box = await tileOf(page, name).boundingBox()
      return (box?.width ?? 0) * (box?.height ?? 0)
    }
    await expect.poll(async () => (await featuredArea('Bob Dylan')) > 4 * (await featuredArea('Carol Danvers'))).toBe(true)
    await expectLaidOutWithoutOverlap(page, 5).catch(async () => {
      // The strip's tiles are smaller than the grid's minimum: check overlap alone.
      const all = await boxes(page)
      for (const [index, box] of all.entries()) for (const other of all.slice(index + 1)) expect(overlap(box, other)).toBe(false)
    })
    // The big tile is above the strip, and the strip is one row.
    const bobBox = await tileOf(page, 'Bob Dylan').boundingBox()
    const stripTops = new Set(
      await Promise.all(['Alice Liddell', 'Carol Danvers', 'Dave Brubeck', 'You'].map(async (name) => Math.round((await tileOf(page, name).boundingBox())?.y ?? -1)))
    )
    expect(stripTops.size).toBe(1)
    expect([...stripTops][0]).toBeGreaterThanOrEqual(Math.round((bobBox?.y ?? 0) + (bobBox?.height ?? 0)))

    // The strip's people are buttons: Tab reaches them, Enter shows that one large.
    expect(await page.getByRole('button', { name: 'Show Bob Dylan large' }).count()).toBe(0)
    const showCarol = page.getByRole('button', { name: 'Show Carol Danvers large' })
    await showCarol.focus()
    await page.keyboard.press('Enter')
    await expect.poll(async () => (await featuredArea('Carol Danvers')) > 4 * (await featuredArea('Bob Dylan'))).toBe(true)
    // Picked: she stays large while Bob speaks on, until the user follows the speaker again.
    await setCallPhase(page, groupCallPhase([{ profile: bob, speaking: true }, carol, dave]))
    expect(await tileOf(page, 'Carol Danvers').evaluate((tile) => tile.classList.contains('featured'))).toBe(true)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await page.getByRole('button', { name: 'Follow the speaker' }).click()
    await expect.poll(() => tileOf(page, 'Bob Dylan').evaluate((tile) => tile.classList.contains('featured'))).toBe(true)

    // Nobody speaking: whoever spoke last stays large.
    await setCallPhase(page, groupCallPhase([bob, carol, { profile: dave, speaking: true }]))
    await expect.poll(() => tileOf(page, 'Dave Brubeck').evaluate((tile) => tile.classList.contains('featured'))).toBe(true)
    await setCallPhase(page, groupCallPhase([bob, carol, dave]))
    await page.waitForTimeout(100)
    expect(await tileOf(page, 'Dave Brubeck').evaluate((tile) => tile.classList.contains('featured'))).toBe(true)

    // Back to the grid: every tile the same size again.
    await toggle.click()
    await page.getByRole('button', { name: 'Speaker view', pressed: false }).waitFor()
    const sizes = new Set((await boxes(page)).map((box) => Math.round(box.width)))
    expect(sizes.size).toBe(1)
    await page.context().close()
  })

  it('keeps every video element when the view or the speaker changes (no restarted media)', async () => {
    const page = await groupCall(groupCallPhase([{ profile: bob, speaking: true }, carol]))
    await page.evaluate(() => {
      const marked = window as unknown as { __videos: HTMLVideoElement[] }
      marked.__videos = [...document.querySelectorAll<HTMLVideoElement>('.participant-grid video')]
    })
    await page.getByRole('button', { name: 'Speaker view' }).click()
    await setCallPhase(page, groupCallPhase([bob, { profile: carol, speaking: true }]))
    await tileOf(page, 'Carol Danvers').getByText('Speaking').waitFor()
    const same = await page.evaluate(() => {
      const marked = window as unknown as { __videos: HTMLVideoElement[] }
      const now = [...document.querySelectorAll<HTMLVideoElement>('.participant-grid video')]
      return now.length === marked.__videos.length && now.every((video, index) => video === marked.__videos[index] && video.isConnected)
    })
    expect(same).toBe(true)
    await page.context().close()
  })
})

describe('Add people', () => {
  it('searches, rings a person through invite with their profile, shows each answer and cancels a ring', async () => {
    const page = await groupCall(groupCallPhase([bob]))
    const addPeople = page.getByRole('toolbar', { name: 'Call controls' }).getByRole('button', { name: 'Add people' })
    await addPeople.click()
    const dialog = page.getByRole('dialog', { name: 'Add people to the call' })
    await dialog.waitFor()
    // Alice is the call's peer: she is in the call, not offered a ring.
    const aliceRow = dialog.getByRole('listitem').filter({ hasText: '@alice' })
    await aliceRow.getByText('In the call').waitFor()
    expect(await aliceRow.getByRole('button').count()).toBe(0)
    await dialog.getByLabel('Search people').fill('dav')
    await dialog.getByRole('button', { name: 'Ring Dave Brubeck' }).click()
    expect((await callMethods(page)).filter((call) => call.method === 'invite')).toEqual([{ method: 'invite', args: [dave] }])

    // The fake rings at once, as the controller says: Dave is ringing, with a Cancel.
    const invited = dialog.getByRole('region', { name: 'Invited' })
    await invited.getByText('Ringing…').waitFor()
    expect(await dialog.getByRole('button', { name: 'Ring Dave Brubeck' }).count()).toBe(0)
    await invited.getByRole('button', { name: 'Cancel ringing Dave Brubeck' }).click()
    expect((await callMethods(page)).at(-1)).toEqual({ method: 'cancelInvitation', args: ['dave'] })
    await invited.getByText('Cancelled').waitFor()
    expect(await invited.getByRole('button', { name: 'Cancel ringing Dave Brubeck' }).count()).toBe(0)

    // Every answer in words; Cancel only beside those still ringing.
    await setCallPhase(
      page,
      groupCallPhase([bob], {
        invitations: [
          { profile: carol, state: 'ringing' },
          { profile: dave, state: 'declined' },
          { profile: erin, state: 'busy' },
          { profile: frank, state: 'no-answer' }
        ]
      })
    )
    const states = await invited.getByRole('listitem').evaluateAll((rows) => rows.map((row) => row.textContent))
    expect(states).toEqual([
      expect.stringMatching(/^CDCarol DanversRinging…Cancel$/),
      expect.stringMatching(/^DBDave BrubeckDeclined$/),
      expect.stringMatching(/^EBErin BrockovichIn another call$/),
      expect.stringMatching(/^FOFrank OceanNo answer$/)
    ])
    // Whoever said no may be rung again.
    await dialog.getByLabel('Search people').fill('')
    await expect.poll(() => dialog.getByRole('listitem').filter({ hasText: '@carol' }).getByText('Ringing…').count()).toBe(1)
    await dialog.getByRole('button', { name: 'Ring Dave Brubeck' }).waitFor()
    // Carol joins: she is in the call, named in its list.
    await setCallPhase(page, groupCallPhase([bob, carol], { invitations: [{ profile: carol, state: 'joined' }] }))
    await invited.getByText('Joined').waitFor()
    const inCall = dialog.getByRole('region', { name: 'In the call (4)' })
    expect(await inCall.getByRole('listitem').allTextContents()).toEqual(['Alice Liddell', 'Bob Dylan', 'Carol Danvers', 'You'])
    expect(await seriousAccessibilityViolations(page)).toEqual([])

    // Escape closes it and gives the focus back to Add people.
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(() => addPeople.evaluate((button) => button === document.activeElement)).toBe(true)
    await page.context().close()
  })

  it('works from the keyboard alone, in a 1:1 call too', async () => {
    const page = await harness().open({ ...memberScenario(), people: [alice, bob, carol, dave] })
    await page.getByRole('button', { name: 'Call Alice Liddell', exact: true }).click()
    await setCallPhase(page, groupCallPhase([]))
    await attachCallMedia(page)
    const addPeople = page.getByRole('toolbar', { name: 'Call controls' }).getByRole('button', { name: 'Add people' })
    await addPeople.focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Add people to the call' })
    await dialog.waitFor()
    // The search field has the focus first (the dialog's first control).
    await expect.poll(() => dialog.getByLabel('Search people').evaluate((input) => input === document.activeElement)).toBe(true)
    await page.keyboard.type('carol')
    const ring = dialog.getByRole('button', { name: 'Ring Carol Danvers' })
    await ring.waitFor()
    // Tab until Ring has the focus, then Enter.
    for (let step = 0; step < 10 && !(await ring.evaluate((button) => button === document.activeElement)); step++) await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    expect((await callMethods(page)).filter((call) => call.method === 'invite')).toEqual([{ method: 'invite', args: [carol] }])
    expect(await dialog.getByRole('region', { name: 'In the call (2)' }).getByRole('listitem').allTextContents()).toEqual(['Alice Liddell', 'You'])
    // Done closes it too, with the focus back on Add people.
    await dialog.getByRole('button', { name: 'Done' }).focus()
    await page.keyboard.press('Enter')
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(() => addPeople.evaluate((button) => button === document.activeElement)).toBe(true)
    await page.context().close()
  })

  it('the end of a group call names everyone who was in it, once, and who left last', async () => {
    const page = await groupCall(groupCallPhase([bob, carol]))
    const named = (person: typeof bob) => ({ id: person.id, username: person.username, name: person.name })
    await setCallPhase(page, { phase: 'ended', peer: alice, others: [named(bob), named(carol)], outcome: 'answered', durationSeconds: 65, message: 'Carol Danvers hung up.' })
    const card = page.locator('.call-screen.ended .call-card')
    await card.getByRole('heading', { name: 'Call ended' }).waitFor()
    // Three others: the first by name and a count, as the ring and the notification say it.
    expect(await card.locator('.call-summary').textContent()).toBe('Alice Liddell and 2 others · 1 minute, 5 seconds')
    await card.getByText('Carol Danvers hung up.').waitFor()
    await setCallPhase(page, { phase: 'ended', peer: alice, others: [named(bob)], outcome: 'answered', durationSeconds: 5 })
    await expect.poll(() => card.locator('.call-summary').textContent()).toBe(`Alice Liddell and ${bob.name} · 5 seconds`)
    await page.context().close()
  })

  it('keeps all eight controls on one row, Hang up included: icons only where the labels would wrap, labels again when there is room', async () => {
    const controlsOnOneRow = async (page: Page, hangUp: string) => {
      const toolbar = page.getByRole('toolbar', { name: /Call controls|Anrufsteuerung/ })
      const buttons = await toolbar.getByRole('button').all()
      expect(buttons).toHaveLength(8)
      const tops = await Promise.all(buttons.map(async (button) => Math.round((await button.boundingBox())?.y ?? -1)))
      expect(new Set(tops).size, `button tops ${tops.join(', ')}`).toBe(1)
      // Named by its label for assistive technology, and by its tooltip for the pointer, with or without the words showing.
      await toolbar.getByRole('button', { name: hangUp, exact: true }).waitFor()
      return toolbar.locator('.control-label').first().evaluate((label) => label.getBoundingClientRect().width)
    }
    for (const [scenario, call, hangUp] of [
      [memberScenario(), 'Call Alice Liddell', 'Hang up'],
      [memberScenario(Date.now(), german), 'Alice Liddell anrufen', 'Auflegen']
    ] as const) {
      const page = await harness().open({ ...scenario, people: [alice, bob, carol] }, { viewport: { width: 1100, height: 700 } })
      await page.getByRole('button', { name: call, exact: true }).click()
      await setCallPhase(page, groupCallPhase([bob, carol]))
      await attachCallMedia(page, groupIdentities(groupCallPhase([bob, carol])))
      await page.getByRole('list', { name: /People in the call|Personen im Anruf/ }).waitFor()
      expect(await controlsOnOneRow(page, hangUp), 'labels hidden at 1100 px').toBeLessThanOrEqual(1)
      await page.setViewportSize({ width: 1800, height: 900 })
      await expect.poll(() => controlsOnOneRow(page, hangUp), { message: 'labels back at 1800 px' }).toBeGreaterThan(20)
      await page.setViewportSize({ width: 1100, height: 700 })
      await expect.poll(() => controlsOnOneRow(page, hangUp)).toBeLessThanOrEqual(1)
      await page.context().close()
    }
  })
})
