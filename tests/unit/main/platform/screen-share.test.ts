import type { DesktopCapturerSource, Session } from 'electron'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ScreenSource } from '../../../../common/ipc'
import { installScreenShare, toScreenSource } from '../../../../main/platform/screen-share'
import { ScreenSharePicker } from '../../../../main/platform/screen-share-picker'

const clock = {
  setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>)
}
const screen: ScreenSource = { id: 'screen:0:0', name: 'Entire screen', kind: 'screen' }
const editor: ScreenSource = { id: 'window:42:0', name: 'Editor', kind: 'window' }

function capturerSource(id: string, name: string): DesktopCapturerSource {
  return {
    id,
    name,
    display_id: '',
    appIcon: null,
    thumbnail: { isEmpty: () => false, toDataURL: () => 'data:image/png;base64,AAAA' }
  } as unknown as DesktopCapturerSource
}

describe('screen share picker', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('offers the sources and resolves with the one the renderer chose', async () => {
    const offers: ScreenSource[][] = []
    const picker = new ScreenSharePicker({ offer: (sources) => offers.push(sources), clock })
    const choice = picker.pick([screen, editor])
    expect(offers).toEqual([[screen, editor]])
    expect(picker.sources()).toEqual([screen, editor])
    picker.choose(editor.id)
    await expect(choice).resolves.toBe(editor.id)
    expect(picker.sources()).toEqual([])
  })

  it('treats null, an id never offered, and a timeout as a cancel', async () => {
    const picker = new ScreenSharePicker({ offer: () => undefined, clock, timeoutMs: 5_000 })
    const cancelled = picker.pick([screen])
    picker.choose(null)
    await expect(cancelled).resolves.toBeNull()

    const forged = picker.pick([screen])
    picker.choose('screen:99:0')
    await expect(forged).resolves.toBeNull()

    const ignored = picker.pick([screen])
    await vi.advanceTimersByTimeAsync(5_000)
    await expect(ignored).resolves.toBeNull()
  })

  it('a newer request cancels the older one; a late answer goes to the newer', async () => {
    const picker = new ScreenSharePicker({ offer: () => undefined, clock })
    const first = picker.pick([screen])
    const second = picker.pick([screen, editor])
    await expect(first).resolves.toBeNull()
    picker.choose(screen.id)
    await expect(second).resolves.toBe(screen.id)
    picker.choose(editor.id)
  })

  it('maps desktopCapturer sources to the contract, telling screens from windows', () => {
    expect(toScreenSource(capturerSource('screen:1:0', ''))).toEqual({ id: 'screen:1:0', name: 'Screen', kind: 'screen', thumbnail: 'data:image/png;base64,AAAA' })
    expect(toScreenSource(capturerSource('window:7:0', 'Notes'))).toMatchObject({ kind: 'window', name: 'Notes' })
  })
})

describe('display media handler', () => {
  type Handler = Parameters<Session['setDisplayMediaRequestHandler']>[0]

  function install() {
    let handler: Handler = null
    const session = { setDisplayMediaRequestHandler: (next: Handler) => (handler = next) } as unknown as Session
    const offers: ScreenSource[][] = []
    const picker = new ScreenSharePicker({ offer: (sources) => offers.push(sources), clock })
    const sources = [capturerSource('screen:0:0', 'Entire screen'), capturerSource('window:42:0', 'Editor')]
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() }
    const uninstall = installScreenShare({ session, desktopCapturer: { getSources: async () => sources }, picker, logger })
    const request = (url: string) =>
      new Promise<unknown>((resolve) =>
        handler!({ frame: { url } as never, securityOrigin: url, videoRequested: true, audioRequested: false, userGesture: true }, resolve)
      )
    return { picker, offers, sources, request, uninstall, handler: () => handler }
  }

  it('gives the app window the source picked in the renderer', async () => {
    const { picker, offers, sources, request } = install()
    const answer = request('app://shoutit/index.html')
    await vi.waitFor(() => expect(offers).toHaveLength(1))
    expect(offers[0]!.map((source) => source.kind)).toEqual(['screen', 'window'])
    picker.choose('window:42:0')
    await expect(answer).resolves.toEqual({ video: sources[1] })
  })

  it('refuses a cancelled pick, and any other origin without showing a picker', async () => {
    const { picker, offers, request } = install()
    const cancelled = request('app://shoutit/index.html')
    await vi.waitFor(() => expect(offers).toHaveLength(1))
    picker.choose(null)
    await expect(cancelled).resolves.toBeNull()
    await expect(request('https://evil.example/')).resolves.toBeNull()
    expect(offers).toHaveLength(1)
  })

  it('uninstalling removes the handler and cancels a pending pick', async () => {
    const { offers, request, uninstall, handler } = install()
    const pending = request('app://shoutit/index.html')
    await vi.waitFor(() => expect(offers).toHaveLength(1))
    uninstall()
    await expect(pending).resolves.toBeNull()
    expect(handler()).toBeNull()
  })
})
