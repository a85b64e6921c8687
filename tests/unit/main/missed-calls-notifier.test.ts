// The notifier adapter's mapping onto node-notifier (macOS and Windows report buttons and
// clicks through its callback; Linux through notify-send, see the D-Bus tests), and the
// avatar cache that turns a caller's image URL into a local icon file.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

type Callback = (error: Error | null, response: string, metadata?: Record<string, string>) => void
const calls: Array<{ options: Record<string, unknown>; callback: Callback }> = []
vi.mock('node-notifier', () => ({
  default: { notify: (options: Record<string, unknown>, callback: Callback) => calls.push({ options, callback }) }
}))

const { createDesktopNotifier } = await import('../../../main/platform/notifier')
const { AvatarCache } = await import('../../../main/platform/notifier-avatars')
const { quietLogger } = await import('./calls-fakes')

const request = (activations: string[]) => ({
  title: 'Missed video call',
  body: 'You missed a call from Alice',
  imageUrl: null,
  actions: [{ id: 'call-back', label: 'Call back' }],
  onActivate: (id: string) => void activations.push(id)
})

beforeEach(() => {
  calls.length = 0
})

describe('node-notifier mapping', () => {
  it('on macOS asks for the "Call back" button and waits for the click', async () => {
    const notifier = createDesktopNotifier({ appName: 'Shoutit', defaultIcon: '/icons/app.png', logger: quietLogger, platform: 'darwin' })
    expect(notifier.backend).toBe('node-notifier')
    expect(notifier.supportsActions).toBe(true)
    const activations: string[] = []
    notifier.notify(request(activations))
    await notifier.idle()
    expect(calls[0]!.options).toMatchObject({ title: 'Missed video call', message: 'You missed a call from Alice', actions: ['Call back'], wait: true, icon: '/icons/app.png', contentImage: '/icons/app.png' })
    calls[0]!.callback(null, 'activate', { activationType: 'actionClicked', activationValue: 'Call back' })
    notifier.notify(request(activations))
    await notifier.idle()
    calls[1]!.callback(null, 'activate', { activationType: 'contentsClicked' })
    notifier.notify(request(activations))
    await notifier.idle()
    calls[2]!.callback(null, 'timeout', { activationType: 'timeout' })
    expect(activations).toEqual(['call-back', 'default'])
  })

  it('on Windows maps the toast button by its label', async () => {
    const notifier = createDesktopNotifier({ appName: 'Shoutit', defaultIcon: 'C:\\app.png', logger: quietLogger, platform: 'win32' })
    const activations: string[] = []
    notifier.notify(request(activations))
    await notifier.idle()
    calls[0]!.callback(null, 'call back')
    expect(activations).toEqual(['call-back'])
  })

  it('through node-notifier on Linux neither asks for buttons nor blocks: the service is told there are none', async () => {
    const notifier = createDesktopNotifier({ appName: 'Shoutit', defaultIcon: '/icons/app.png', logger: quietLogger, platform: 'linux', backend: 'node-notifier' })
    expect(notifier.supportsActions).toBe(false)
    notifier.notify(request([]))
    await vi.waitFor(() => expect(calls).toHaveLength(1))
    calls[0]!.callback(null, '')
    await notifier.idle()
    expect(calls[0]!.options).toMatchObject({ wait: false, 'app-name': 'Shoutit' })
    expect(calls[0]!.options.actions).toBeUndefined()
  })

  it('a failing notifier is logged, never thrown', async () => {
    const warnings: string[] = []
    const notifier = createDesktopNotifier({ appName: 'Shoutit', defaultIcon: '/x.png', logger: { ...quietLogger, warn: (m) => void warnings.push(m) }, platform: 'linux', backend: 'node-notifier' })
    notifier.notify(request([]))
    await vi.waitFor(() => expect(calls).toHaveLength(1))
    calls[0]!.callback(new Error('notify-send must be installed'), '')
    await notifier.idle()
    expect(warnings.join()).toContain('notify-send must be installed')
  })
})

describe('AvatarCache', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'avatars-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47])
  function fakeFetch(type: string, body: Uint8Array = png, status = 200) {
    const seen: string[] = []
    const fetch = (async (input: string | URL | Request) => {
      seen.push(String(input))
      return new Response(new Blob([body as Uint8Array<ArrayBuffer>]), { status, headers: { 'content-type': type } })
    }) as typeof globalThis.fetch
    return { fetch, seen }
  }

  it('downloads an image once and reuses the file', async () => {
    const { fetch, seen } = fakeFetch('image/png')
    const cache = new AvatarCache({ directory: dir, fetch })
    const path = await cache.localPathFor('https://cdn.example/a.png')
    expect(path).toMatch(/\.png$/)
    expect(await cache.localPathFor('https://cdn.example/a.png')).toBe(path)
    expect(seen).toHaveLength(1)
    expect(readdirSync(dir)).toHaveLength(1)
  })

  it.each([
    ['not an image', 'text/html', png, 200, 'https://cdn.example/a'],
    ['an error page', 'image/png', png, 404, 'https://cdn.example/a'],
    ['too big', 'image/png', new Uint8Array(1024 * 1024 + 1), 200, 'https://cdn.example/a'],
    ['empty', 'image/png', new Uint8Array(0), 200, 'https://cdn.example/a'],
    ['not http', 'image/png', png, 200, 'file:///etc/passwd'],
    ['not a URL', 'image/png', png, 200, 'nope']
  ])('refuses %s', async (_label, type, body, status, url) => {
    const cache = new AvatarCache({ directory: dir, fetch: fakeFetch(type, body, status).fetch })
    expect(await cache.localPathFor(url)).toBeUndefined()
  })
})
