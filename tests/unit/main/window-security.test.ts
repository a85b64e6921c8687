// The pure halves of the Electron layer: CSP, app:// file resolution, permission policy,
// window preferences, log redaction. (The Electron halves need the binary: see the smoke test.)
import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../../main/platform/csp'
import { redact } from '../../../main/platform/logger'
import { isPermissionAllowed } from '../../../main/platform/permissions'
import { isAppUrl, resolveRendererFile } from '../../../main/platform/renderer-files'

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/)
      return [name, sources]
    })
  )
}

describe('content security policy', () => {
  const csp = directives(contentSecurityPolicy({ serverUrl: 'https://api.example.org', realtime: { host: 'ws.example.org', port: 443, tls: true } }))

  it('allows scripts only from the app itself, never eval or inline; WebAssembly compiles (the noise suppressor)', () => {
    expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"])
    expect([...csp.values()].flat()).not.toContain("'unsafe-eval'")
    expect([...csp.values()].flat()).not.toContain("'unsafe-inline'")
    expect(csp.get('default-src')).toEqual(["'none'"])
    expect(csp.get('object-src')).toEqual(["'none'"])
  })

  it('limits connect-src to the server, its realtime endpoint and Twilio', () => {
    const connect = csp.get('connect-src')!
    expect(connect).toEqual(
      expect.arrayContaining(["'self'", 'https://api.example.org', 'wss://api.example.org', 'wss://ws.example.org:443', 'wss://global.vss.twilio.com'])
    )
    for (const source of connect) expect(source).toMatch(/^'self'$|example\.org|twilio\.com$/)
  })

  it('follows a local http server', () => {
    const local = directives(contentSecurityPolicy({ serverUrl: 'http://127.0.0.1:8787' })).get('connect-src')!
    expect(local).toEqual(expect.arrayContaining(['http://127.0.0.1:8787', 'ws://127.0.0.1:8787']))
  })

  it("allows the Janus WebSocket origin of the video token, and nothing for a URL that is not a WebSocket one", () => {
    const withJanus = directives(contentSecurityPolicy({ serverUrl: 'https://api.example.org', janusUrl: 'wss://sfu.example.net:8989/janus' })).get('connect-src')!
    expect(withJanus).toContain('wss://sfu.example.net:8989')
    expect(withJanus.filter((source) => source.includes('sfu.example.net'))).toEqual(['wss://sfu.example.net:8989'])
    const without = directives(contentSecurityPolicy({ serverUrl: 'https://api.example.org' })).get('connect-src')!
    const odd = directives(contentSecurityPolicy({ serverUrl: 'https://api.example.org', janusUrl: 'https://sfu.example.net' })).get('connect-src')!
    expect(odd).toEqual(without)
  })
})

describe('app:// files', () => {
  const root = '/opt/app/renderer'
  it.each([
    ['app://shoutit/', `${root}/index.html`],
    ['app://shoutit/index.html?view=ring', `${root}/index.html`],
    ['app://shoutit/assets/index-1.js', `${root}/assets/index-1.js`]
  ])('serves %s', (url, file) => {
    expect(resolveRendererFile(root, url)).toMatchObject({ file })
  })

  it.each([
    'app://shoutit/../../etc/passwd',
    'app://shoutit/..%2f..%2fsecrets.json',
    'app://other/index.html',
    'file:///opt/app/renderer/index.html',
    'app://shoutit/bin/app.exe',
    'app://shoutit/%E0%A4%A.html'
  ])('refuses %s', (url) => {
    expect(resolveRendererFile(root, url)).toHaveProperty('status')
  })

  it('keeps encoded dot segments inside the renderer folder', () => {
    const target = resolveRendererFile(root, 'app://shoutit/%2e%2e/%2e%2e/etc/passwd.html')
    expect('file' in target && target.file.startsWith(`${root}/`)).toBe(true)
  })

  it('knows its own origin', () => {
    expect(isAppUrl('app://shoutit/index.html')).toBe(true)
    expect(isAppUrl('app://shoutit.evil/index.html')).toBe(false)
    expect(isAppUrl('https://shoutit/index.html')).toBe(false)
  })
})

describe('permissions', () => {
  it('grants camera, microphone and display capture to the app only', () => {
    expect(isPermissionAllowed({ permission: 'media', requestingUrl: 'app://shoutit/index.html', mediaTypes: ['audio', 'video'] })).toBe(true)
    expect(isPermissionAllowed({ permission: 'display-capture', requestingUrl: 'app://shoutit/' })).toBe(true)
    expect(isPermissionAllowed({ permission: 'media', requestingUrl: 'https://evil.example/', mediaTypes: ['video'] })).toBe(false)
    expect(isPermissionAllowed({ permission: 'media', requestingUrl: 'app://shoutit/', mediaTypes: ['video', 'screen'] })).toBe(false)
  })

  it.each(['geolocation', 'notifications', 'midi', 'hid', 'clipboard-read', 'openExternal', 'fullscreen'])('refuses %s', (permission) => {
    expect(isPermissionAllowed({ permission, requestingUrl: 'app://shoutit/' })).toBe(false)
  })
})

describe('log redaction', () => {
  it('masks secret-named fields, bearer headers and JWTs', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'
    const out = JSON.stringify(
      redact({ access_token: 'abc', nested: { password: 'pw', note: `Bearer abc.def ${jwt}` }, list: [{ refreshToken: 'r' }] })
    )
    expect(out).not.toMatch(/abc|pw"|c2lnbmF0dXJl|"r"/)
    expect(out).toContain('[redacted]')
  })
})
