// What clients are told to connect to: --public-url, else the listen address; a wildcard
// listen address becomes one of the machine's own external addresses.
import type { NetworkInterfaceInfo } from 'node:os'
import { describe, expect, it } from 'vitest'
import { advertisedUrl, clientAddress, reachableHost } from '../../../server/src/api/clientAddress'

const entry = (address: string, family: 'IPv4' | 'IPv6', internal: boolean): NetworkInterfaceInfo =>
  ({ address, family, internal, netmask: '', mac: '00:00:00:00:00:00', cidr: null, ...(family === 'IPv6' ? { scopeid: 0 } : {}) }) as NetworkInterfaceInfo

const lan = { lo: [entry('127.0.0.1', 'IPv4', true), entry('::1', 'IPv6', true)], eth0: [entry('fe80::1', 'IPv6', false), entry('192.168.1.5', 'IPv4', false)] }

describe('advertised address', () => {
  it('is the public URL when one is set, without a trailing slash', () => {
    expect(advertisedUrl('0.0.0.0', 8080, 'https://calls.example.org/', lan)).toBe('https://calls.example.org')
  })

  it('is the listen address otherwise, IPv6 in brackets', () => {
    expect(advertisedUrl('127.0.0.1', 8080, undefined, lan)).toBe('http://127.0.0.1:8080')
    expect(advertisedUrl('::1', 8080, undefined, lan)).toBe('http://[::1]:8080')
  })

  it('names an external address of this machine for a wildcard host, loopback when there is none', () => {
    expect(reachableHost('0.0.0.0', lan)).toBe('192.168.1.5')
    expect(reachableHost('::', lan)).toBe('192.168.1.5')
    expect(reachableHost('0.0.0.0', { lo: lan.lo })).toBe('127.0.0.1')
  })

  it('points client_config at the built-in realtime on the same address', () => {
    const address = clientAddress({ host: '127.0.0.1', port: 8080, publicUrl: 'https://calls.example.org', pusherKey: 'k', externalRealtime: undefined })
    expect(address.pusherConfig).toEqual({ key: 'k', host: 'calls.example.org', port: 443, tls: true })
  })
})
