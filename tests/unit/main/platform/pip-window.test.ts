// The picture-in-picture window's main-process policy: exactly one window.open is allowed
// (the main window's about:blank "shoutit-pip" popup), and the window it gets.
import { describe, expect, it } from 'vitest'
import { PIP_FEATURES, PIP_FRAME_NAME, PIP_HEIGHT, PIP_URL, PIP_WIDTH } from '../../../../common/pip'
import { pipBounds, pipWindowOpenDecision, pipWindowOptions, type PipOpenRequest } from '../../../../main/platform/pip-window'

const pipRequest: PipOpenRequest = { url: PIP_URL, frameName: PIP_FRAME_NAME, features: PIP_FEATURES, disposition: 'new-window', fromMainWindow: true }

describe('pipWindowOpenDecision', () => {
  it('allows the main window to open the picture-in-picture window', () => {
    expect(pipWindowOpenDecision(pipRequest)).toBe('pip')
  })

  it.each<[string, Partial<PipOpenRequest>]>([
    ['another window (the ring window, or the PiP itself)', { fromMainWindow: false }],
    ['an https page', { url: 'https://example.org/' }],
    ['an app page', { url: 'app://shoutit/index.html' }],
    ['about:blank with a fragment', { url: 'about:blank#x' }],
    ['about:srcdoc', { url: 'about:srcdoc' }],
    ['a data: URL', { url: 'data:text/html,<script>alert(1)</script>' }],
    ['a javascript: URL', { url: 'javascript:alert(1)' }],
    ['a file: URL', { url: 'file:///etc/passwd' }],
    ['no frame name', { frameName: '' }],
    ['_blank', { frameName: '_blank' }],
    ['a frame name that only starts like ours', { frameName: `${PIP_FRAME_NAME}-2` }],
    ['the frame name in other case', { frameName: PIP_FRAME_NAME.toUpperCase() }],
    ['no features (a tab)', { features: '' }],
    ['features asking for node', { features: `${PIP_FEATURES},nodeIntegration=yes` }],
    ['features asking for noopener', { features: `${PIP_FEATURES},noopener` }],
    ['other sizes', { features: 'popup,width=1920,height=1080' }],
    ['a foreground tab', { disposition: 'foreground-tab' }],
    ['a background tab', { disposition: 'background-tab' }],
    ['a form post', { postBody: { data: [], contentType: 'text/plain' } }]
  ])('denies %s', (_what, change) => {
    expect(pipWindowOpenDecision({ ...pipRequest, ...change })).toBe('deny')
  })
})

describe('pipBounds', () => {
  it('puts the window in the bottom-right corner of the work area, inside a margin', () => {
    expect(pipBounds({ x: 0, y: 0, width: 1920, height: 1040 })).toEqual({ x: 1920 - PIP_WIDTH - 16, y: 1040 - PIP_HEIGHT - 16, width: PIP_WIDTH, height: PIP_HEIGHT })
  })

  it('follows a secondary display with its own origin (left of, or above, the primary one)', () => {
    expect(pipBounds({ x: -1280, y: -200, width: 1280, height: 1000 })).toMatchObject({ x: -PIP_WIDTH - 16, y: 800 - PIP_HEIGHT - 16 })
  })

  it('shrinks at the same ratio to stay on a very small work area', () => {
    const bounds = pipBounds({ x: 0, y: 0, width: 280, height: 300 })
    expect(bounds.width).toBeLessThan(PIP_WIDTH)
    expect(bounds.x).toBeGreaterThanOrEqual(0)
    expect(bounds.x + bounds.width).toBeLessThanOrEqual(280)
    expect(bounds.width / bounds.height).toBeCloseTo(PIP_WIDTH / PIP_HEIGHT, 1)
  })
})

describe('pipWindowOptions', () => {
  const options = pipWindowOptions(pipBounds({ x: 0, y: 0, width: 1920, height: 1040 }))

  it('floats small, frameless and out of the taskbar, and does not take focus by being shown', () => {
    expect(options).toMatchObject({ width: PIP_WIDTH, height: PIP_HEIGHT, alwaysOnTop: true, skipTaskbar: true, frame: false, show: false, resizable: true, fullscreenable: false })
    expect(options.minWidth).toBeLessThan(PIP_WIDTH)
    expect(options.maxWidth).toBeGreaterThan(PIP_WIDTH)
  })

  it('is as locked down as every other window, with no preload (its page is drawn by the main window)', () => {
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInSubFrames: false, webSecurity: true, webviewTag: false })
    expect(options.webPreferences?.preload).toBeUndefined()
  })
})
