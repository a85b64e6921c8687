import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../../../main/platform/csp'
import { cspMetaContents, metaPolicy, withCspMeta, withoutCspMeta } from '../../../../main/platform/csp-meta'

const header = contentSecurityPolicy({ serverUrl: 'https://api.example.test', realtime: { host: 'ws.example.test', port: 443, tls: true } })
const PAGE = '<!doctype html><html><head><meta charset="UTF-8"><script type="module" src="./assets/index.js"></script></head><body></body></html>'

describe('the CSP meta tag', () => {
  it('is the header policy without frame-ancestors, the one directive of it a meta tag cannot carry', () => {
    const directives = (policy: string) => policy.split('; ').map((directive) => directive.split(' ')[0])
    const dropped = directives(header).filter((name) => !directives(metaPolicy(header)).includes(name))
    expect(dropped).toEqual(['frame-ancestors'])
    expect(metaPolicy(header)).toBe(header.replace("; frame-ancestors 'none'", ''))
  })

  it('goes first in <head>, before any script, once however often it is applied', () => {
    const once = withCspMeta(PAGE, header)
    const twice = withCspMeta(withCspMeta(once, contentSecurityPolicy({ serverUrl: 'http://127.0.0.1:9' })), header)
    expect(twice).toBe(once)
    expect(cspMetaContents(once)).toEqual([metaPolicy(header)])
    expect(once.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(once.indexOf('<meta charset'))
    expect(once.indexOf('http-equiv')).toBeLessThan(once.indexOf('<script'))
  })

  it('escapes the policy into the attribute, so nothing in it can end the tag', () => {
    const hostile = `default-src 'self' "x"><script>alert(1)</script>&amp`
    const page = withCspMeta(PAGE, hostile)
    expect(page).not.toContain('<script>alert')
    expect(cspMetaContents(page)).toEqual([hostile])
  })

  it('is removed whole, and a page without <head> is refused, not served without a policy', () => {
    expect(withoutCspMeta(withCspMeta(PAGE, header))).toBe(PAGE)
    expect(() => withCspMeta('<html><body></body></html>', header)).toThrow(/no <head>/)
  })
})
