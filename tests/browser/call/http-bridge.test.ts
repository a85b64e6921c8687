// The HTTP bridge the two-page call tests stand on: it must answer only what it can answer
// as main would. A channel it does not serve rejects the page's invoke with the channel's
// name (a test can no longer pass on a reply main never gives), and the call flow's two
// reports are validated against the contract and kept as main keeps them.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { IpcResult } from '../../../common/ipc'
import { launchChromium, newHarnessContext } from '../../support/chromium'
import { bindHttpBridge, type HttpBridge } from '../../support/browser/http-bridge'

// Nothing here reaches the server: the channels under test are answered in Node.
const UNREACHABLE_API = 'http://127.0.0.1:9/v3'

const peer = { id: 'p-bob', username: 'bob', name: 'Bob Example', type: 'user', first_name: 'Bob', last_name: 'Example', image: null } as const

let browser: Browser
let context: BrowserContext
let page: Page
let bridge: HttpBridge

/** Invokes from the page, as the app's code does; a rejection comes back as its message. */
function invoke(channel: string, request: unknown): Promise<IpcResult<unknown> | { rejected: string }> {
  return page.evaluate(
    ([c, r]) =>
      (window as unknown as { shoutit: { invoke(c: string, r: unknown): Promise<IpcResult<unknown>> } }).shoutit
        .invoke(c, r)
        .catch((error: unknown) => ({ rejected: error instanceof Error ? error.message : String(error) })),
    [channel, request] as const
  )
}

describe('the browser tests’ HTTP bridge', () => {
  beforeAll(async () => {
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
  })

  beforeEach(async () => {
    await context?.close()
    context = await newHarnessContext(browser)
    page = await context.newPage()
    bridge = await bindHttpBridge(page, { api: UNREACHABLE_API, accessToken: 'unused', settings: { ringtone: 'chime' } })
    await page.goto('about:blank')
  })

  it('answers a channel it serves as main does', async () => {
    expect(await invoke('settings:get', {})).toMatchObject({ ok: true, value: { ringtone: 'chime' } })
  })

  it('refuses a contract channel it does not serve: the invoke rejects naming it', async () => {
    const reply = await invoke('people:search', { search: 'bob' })
    expect(reply).toEqual({ rejected: expect.stringContaining('does not serve people:search') })
    expect(bridge.refused).toEqual(['people:search'])
  })

  it('refuses a name outside the contract that reaches it', async () => {
    // The page's stand-in preload already refuses such names; call the binding behind it directly.
    const reply = await page.evaluate(() =>
      (window as unknown as { __shoutitInvoke(c: string, r: unknown): Promise<unknown> })
        .__shoutitInvoke('shell:exec', {})
        .catch((error: unknown) => ({ rejected: error instanceof Error ? error.message : String(error) }))
    )
    expect(reply).toEqual({ rejected: expect.stringContaining('does not serve shell:exec') })
    expect(bridge.refused).toEqual(['shell:exec'])
  })

  it('refuses call reports that break the contract and keeps nothing of them', async () => {
    const badActivity = await invoke('call:activity', { activity: 'ringing', room: 'room-0001' })
    expect(badActivity).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    const extraKey = await invoke('call:activity', { activity: 'outgoing', token: 'secret' })
    expect(extraKey).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    const badFinished = await invoke('call:finished', { direction: 'outgoing', peer, startedAt: -1, outcome: 'answered' })
    expect(badFinished).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(bridge.activity()).toEqual({ activity: 'idle' })
    expect(bridge.history()).toEqual([])
    expect(bridge.reports('call:activity')).toEqual([])
  })

  it('keeps the call activity and the finished calls as main does', async () => {
    expect(await invoke('call:activity', { activity: 'outgoing', room: 'room-0001', peer })).toEqual({ ok: true, value: { ok: true } })
    expect(bridge.activity()).toEqual({ activity: 'outgoing', room: 'room-0001', peer })
    await invoke('call:activity', { activity: 'in-call', room: 'room-0001', peer })
    expect(bridge.activity().activity).toBe('in-call')

    const finished = { direction: 'outgoing', peer, room: 'room-0001', startedAt: 1_700_000_000_000, outcome: 'answered', durationSeconds: 42 }
    expect(await invoke('call:finished', finished)).toEqual({ ok: true, value: { ok: true } })
    // Main treats a finished call as the end of any activity: nobody is answered busy after it.
    expect(bridge.activity()).toEqual({ activity: 'idle' })
    const [record] = bridge.history()
    expect(record).toMatchObject(finished)
    expect(record?.id).toEqual(expect.any(String))
    // The page reads the same history back, as the History screen does.
    expect(await invoke('history:list', {})).toEqual({ ok: true, value: [record] })
  })
})
