// Our Pusher signatures must be byte-for-byte what the official libraries produce.
import Pusher from 'pusher'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { channelAuth, md5Hex, signedRequestSignature, userAuth, verifyChannelAuth } from '../../../server/src/realtime/signatures'

const require = createRequire(import.meta.url)
const { createSignedQueryString } = require('pusher/lib/requests') as {
  createSignedQueryString(token: unknown, request: { method: string; path: string; params?: Record<string, string>; body?: string }): string
}
const Token = require('pusher/lib/token') as new (key: string, secret: string) => unknown

const pusher = new Pusher({ appId: 'app', key: 'the-key', secret: 'the-secret', host: '127.0.0.1' })

describe('channel authorisation', () => {
  it('matches the pusher library for private and presence channels', () => {
    const presenceData = { user_id: 'u1', user_info: { name: 'Ann' } }
    const theirs = pusher.authorizeChannel('123.456', 'presence-room', presenceData)
    expect(channelAuth('the-key', 'the-secret', '123.456', 'presence-room', theirs.channel_data)).toBe(theirs.auth)
    expect(channelAuth('the-key', 'the-secret', '123.456', 'private-x')).toBe(pusher.authorizeChannel('123.456', 'private-x').auth)
  })

  it('rejects a signature for another socket, channel or channel_data', () => {
    const auth = channelAuth('the-key', 'the-secret', '1.1', 'presence-a', '{"user_id":"1"}')
    expect(verifyChannelAuth(auth, 'the-key', 'the-secret', '1.1', 'presence-a', '{"user_id":"1"}')).toBe(true)
    expect(verifyChannelAuth(auth, 'the-key', 'the-secret', '1.2', 'presence-a', '{"user_id":"1"}')).toBe(false)
    expect(verifyChannelAuth(auth, 'the-key', 'the-secret', '1.1', 'presence-b', '{"user_id":"1"}')).toBe(false)
    expect(verifyChannelAuth(auth, 'the-key', 'the-secret', '1.1', 'presence-a', '{"user_id":"2"}')).toBe(false)
    expect(verifyChannelAuth(auth, 'the-key', 'wrong', '1.1', 'presence-a', '{"user_id":"1"}')).toBe(false)
  })
})

describe('signed HTTP requests', () => {
  it("verifies the library's query string signature, with a body and extra params", () => {
    const body = JSON.stringify({ name: 'e', data: '{}', channels: ['a'] })
    const query = new URLSearchParams(
      createSignedQueryString(new Token('the-key', 'the-secret'), { method: 'POST', path: '/apps/app/events', body, params: { info: 'user_count' } })
    )
    expect(query.get('body_md5')).toBe(md5Hex(body))
    expect(signedRequestSignature('the-secret', 'POST', '/apps/app/events', query)).toBe(query.get('auth_signature'))
    expect(signedRequestSignature('the-secret', 'POST', '/apps/other/events', query)).not.toBe(query.get('auth_signature'))
  })
})

describe('user authentication (pusher:signin)', () => {
  it('signs user_data exactly as the library does', () => {
    const reply = pusher.authenticateUser('123.456', { id: 'ann', user_info: { name: 'Ann' } })
    expect(userAuth('the-key', 'the-secret', '123.456', reply.user_data)).toBe(reply.auth)
    expect(userAuth('the-key', 'the-secret', '123.457', reply.user_data)).not.toBe(reply.auth)
  })
})
