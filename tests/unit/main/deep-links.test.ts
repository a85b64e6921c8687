import { describe, expect, it } from 'vitest'
import type { Navigate, Notice } from '../../../common/ipc'
import { NavigationQueue } from '../../../main/services/core/navigation'
import { DeepLinkHandler, deepLinksInArgv, parseDeepLink } from '../../../main/services/desktop/deep-links'
import { quietLogger } from './calls-fakes'

const valid: Array<[string, unknown]> = [
  ['shoutit://call/alice', { kind: 'call', username: 'alice' }],
  ['shoutit://call/alice/', { kind: 'call', username: 'alice' }],
  ['SHOUTIT://CALL/Alice_B-2.x', { kind: 'call', username: 'Alice_B-2.x' }],
  ['shoutit://profile?username=bob&type=user', { kind: 'profile', username: 'bob' }],
  ['shoutit://profile/?type=page&username=shop.1', { kind: 'profile', username: 'shop.1' }],
  ['shoutit://profile?username=bob', { kind: 'profile', username: 'bob' }]
]

const refused: string[] = [
  '',
  'alice',
  'https://call/alice',
  'http://evil.example/shoutit://call/alice',
  'javascript:alert(1)//shoutit://call/alice',
  'shoutit:call/alice',
  'shoutit:///call/alice',
  'shoutit://call/',
  'shoutit://call',
  'shoutit://call/a',
  'shoutit://call/alice/bob',
  'shoutit://call/alice/../bob',
  'shoutit://call/..',
  'shoutit://call/...',
  'shoutit://call/alice?confirm=false',
  'shoutit://call/alice#now',
  'shoutit://call/al%69ce',
  'shoutit://call/alice%0a',
  'shoutit://call/ alice',
  'shoutit://call/alice\n',
  'shoutit://call/ali\u202ece',
  'shoutit://call/alice\\bob',
  'shoutit://user:pw@call/alice',
  'shoutit://call:8080/alice',
  'shoutit://call/' + 'a'.repeat(31),
  'shoutit://call/' + 'a'.repeat(600),
  'shoutit://call/<script>',
  'shoutit://profile?username=bob&type=admin',
  'shoutit://profile?username=bob&username=eve',
  'shoutit://profile?username=bob&next=https://evil.example',
  'shoutit://profile?username=',
  'shoutit://profile',
  'shoutit://profile/bob?username=bob',
  'shoutit://settings',
  'shoutit://answer/room-aaaa1',
  'shoutit://'
]

describe('parseDeepLink', () => {
  it.each(valid)('accepts %s', (raw, link) => {
    expect(parseDeepLink(raw)).toEqual({ ok: true, link })
  })

  it.each(refused)('refuses %j with a reason', (raw) => {
    const result = parseDeepLink(raw)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(3)
  })

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 42, {}, ['shoutit://call/alice']]) expect(parseDeepLink(value).ok).toBe(false)
  })
})

describe('deepLinksInArgv', () => {
  it('picks the links from a second instance command line', () => {
    expect(deepLinksInArgv(['/usr/bin/shoutit', '--hidden', 'shoutit://call/alice'])).toEqual(['shoutit://call/alice'])
    expect(deepLinksInArgv(['/usr/bin/shoutit', '--flag=shoutit://x'])).toEqual([])
  })
})

describe('DeepLinkHandler with a NavigationQueue', () => {
  function setup() {
    const delivered: Array<{ channel: string; payload: Navigate | Notice }> = []
    const queue = new NavigationQueue((message) => delivered.push(message))
    let shown = 0
    const handler = new DeepLinkHandler({ queue, showMain: () => void shown++, logger: quietLogger })
    return { delivered, queue, handler, shown: () => shown }
  }

  it('buffers links that arrive before the window is ready, then delivers them in order', () => {
    const t = setup()
    t.handler.handle('shoutit://call/alice')
    t.handler.handle('shoutit://profile?username=bob&type=user')
    expect(t.delivered).toEqual([])
    expect(t.shown()).toBe(2)
    t.queue.setReady(true)
    expect(t.delivered).toEqual([
      { channel: 'navigate', payload: { to: 'call', username: 'alice', confirm: true } },
      { channel: 'navigate', payload: { to: 'profile', username: 'bob' } }
    ])
    t.handler.handle('shoutit://call/carol')
    expect(t.delivered).toHaveLength(3)
  })

  it('refuses a bad link with a notice and never navigates', () => {
    const t = setup()
    t.queue.setReady(true)
    const result = t.handler.handle('shoutit://call/alice/../admin')
    expect(result.ok).toBe(false)
    expect(t.delivered).toHaveLength(1)
    expect(t.delivered[0]!.channel).toBe('notice')
    expect((t.delivered[0]!.payload as Notice).message).not.toContain('admin')
  })

  it('keeps buffering after the window closes, and bounds the buffer', () => {
    const t = setup()
    t.queue.setReady(true)
    t.queue.setReady(false)
    for (let i = 0; i < 50; i++) t.handler.handle(`shoutit://call/user${i}`)
    expect(t.delivered).toHaveLength(0)
    expect(t.queue.pendingCount()).toBe(20)
    t.queue.setReady(true)
    expect(t.delivered.at(-1)!.payload).toEqual({ to: 'call', username: 'user49', confirm: true })
  })
})
