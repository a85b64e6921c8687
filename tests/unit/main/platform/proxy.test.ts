import { describe, expect, it } from 'vitest'
import { proxyFromPac } from '../../../../main/platform/proxy'
import { realtimeUrl } from '../../../../main/platform/pusher'

describe('proxyFromPac', () => {
  it('connects directly when Chromium says DIRECT (or nothing)', () => {
    expect(proxyFromPac('DIRECT')).toEqual({ kind: 'direct' })
    expect(proxyFromPac('')).toEqual({ kind: 'direct' })
  })

  it('takes the first HTTP or HTTPS proxy', () => {
    expect(proxyFromPac('PROXY proxy.corp.example:3128; DIRECT')).toEqual({ kind: 'proxy', origin: 'http://proxy.corp.example:3128' })
    expect(proxyFromPac('HTTPS secure-proxy.example:443;PROXY other:8080')).toEqual({ kind: 'proxy', origin: 'https://secure-proxy.example:443' })
    expect(proxyFromPac('PROXY [::1]:8080')).toEqual({ kind: 'proxy', origin: 'http://[::1]:8080' })
    expect(proxyFromPac('PROXY proxy:80')).toEqual({ kind: 'proxy', origin: 'http://proxy:80' })
  })

  it('skips SOCKS, which the realtime socket cannot use, and says so', () => {
    expect(proxyFromPac('SOCKS5 socks.example:1080; PROXY proxy.example:3128')).toEqual({ kind: 'proxy', origin: 'http://proxy.example:3128' })
    expect(proxyFromPac('SOCKS5 socks.example:1080; DIRECT')).toEqual({ kind: 'unsupported', entry: 'SOCKS5 socks.example:1080' })
    expect(proxyFromPac('SOCKS socks.example:1080')).toEqual({ kind: 'unsupported', entry: 'SOCKS socks.example:1080' })
  })

  it('ignores malformed entries instead of building a bad address', () => {
    expect(proxyFromPac('PROXY no-port; DIRECT')).toEqual({ kind: 'direct' })
    expect(proxyFromPac('PROXY host:99999')).toEqual({ kind: 'direct' })
    expect(proxyFromPac('PROXY user@host:80/x; PROXY ok.example:8080')).toEqual({ kind: 'proxy', origin: 'http://ok.example:8080' })
  })
})

describe('realtimeUrl', () => {
  it('builds the address whose proxy Chromium is asked for, IPv6 included', () => {
    expect(realtimeUrl({ host: 'rt.example', port: 443 }, 'https')).toBe('https://rt.example:443/')
    expect(realtimeUrl({ host: '::1', port: 8787 }, 'http')).toBe('http://[::1]:8787/')
  })
})
