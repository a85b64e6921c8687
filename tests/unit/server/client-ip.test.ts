import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { clientIpResolver, throttleKey } from '../../../server/src/http/clientIp'

const request = (peer: string | undefined, forwardedFor?: string): IncomingMessage =>
  ({ socket: { remoteAddress: peer }, connection: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage

describe('client address', () => {
  it('ignores X-Forwarded-For when no proxy is trusted', () => {
    const resolve = clientIpResolver([])
    expect(resolve(request('198.51.100.1', '203.0.113.9'))).toBe('198.51.100.1')
  })

  it('ignores X-Forwarded-For from a peer outside the trusted list', () => {
    const resolve = clientIpResolver(['10.0.0.0/8'])
    expect(resolve(request('198.51.100.1', '203.0.113.9'))).toBe('198.51.100.1')
  })

  it('walks the chain right to left past trusted hops and stops at the first untrusted one', () => {
    const resolve = clientIpResolver(['10.0.0.0/8', '192.168.1.1'])
    expect(resolve(request('10.1.1.1', '203.0.113.9'))).toBe('203.0.113.9')
    expect(resolve(request('10.1.1.1', '203.0.113.9, 192.168.1.1, 10.2.2.2'))).toBe('203.0.113.9')
    // A client-written entry left of the first untrusted hop is never reached.
    expect(resolve(request('10.1.1.1', '10.9.9.9, 198.51.100.77, 10.2.2.2'))).toBe('198.51.100.77')
    expect(resolve(request('10.1.1.1', '1.1.1.1, 203.0.113.9'))).toBe('203.0.113.9')
  })

  it('matches IPv4-mapped peers and IPv6 ranges', () => {
    expect(clientIpResolver(['127.0.0.1'])(request('::ffff:127.0.0.1', '203.0.113.9'))).toBe('203.0.113.9')
    expect(clientIpResolver(['fd00::/8'])(request('fd12::1', '2001:db8::5'))).toBe('2001:db8::5')
  })

  it('refuses malformed entries', () => {
    expect(() => clientIpResolver(['10.0.0.0/33'])).toThrow(/trust proxy/)
    expect(() => clientIpResolver(['not-an-address'])).toThrow(/trust proxy/)
  })

  it('counts IPv4 clients by address, IPv4-mapped ones as IPv4, IPv6 ones by /64', () => {
    expect(throttleKey('203.0.113.9')).toBe('203.0.113.9')
    expect(throttleKey('::ffff:203.0.113.9')).toBe('203.0.113.9')
    expect(throttleKey('2001:db8:1:2:aaaa::1')).toBe(throttleKey('2001:db8:1:2:bbbb::9'))
    expect(throttleKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64')
    expect(throttleKey('2001:db8:1:3::1')).not.toBe(throttleKey('2001:db8:1:2::1'))
  })
})
