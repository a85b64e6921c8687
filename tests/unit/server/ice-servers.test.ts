import { describe, expect, it } from 'vitest'
import { IceServersSchema, VideoAuthSchema } from '../../../common/api'
import { checkIceSettings, iceServersFor, parseIceUrls, turnCredentials } from '../../../server/src/video/iceServers'

describe('TURN REST credentials', () => {
  it('signs "<expiry>:<user>" with HMAC-SHA1 in base64, as coturn recomputes it', () => {
    // Expected values computed independently:
    //   printf '%s' '1700000000:profile-42' | openssl dgst -sha1 -hmac north-wind -binary | base64
    expect(turnCredentials('north-wind', 'profile-42', 1_700_000_000)).toEqual({ username: '1700000000:profile-42', credential: 'OY+XNmI/SCnyIBshs3EjaLapYk8=' })
    expect(turnCredentials('north-wind', 'c0ffee', 1_700_086_400)).toEqual({ username: '1700086400:c0ffee', credential: 'fyXpUfRQpZfvV/uQs/z29GVE/a4=' })
    expect(turnCredentials('south-wind', 'c0ffee', 1_700_086_400).credential).not.toBe('fyXpUfRQpZfvV/uQs/z29GVE/a4=')
  })

  it('gives STUN URLs without credentials and TURN URLs with credentials that outlive the token by the TTL', () => {
    const servers = iceServersFor(
      { urls: ['stun:turn.example.org', 'turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'], turnSecret: 'north-wind', turnCredentialTtlSeconds: 3600 },
      'profile-42',
      1_699_996_400
    )
    expect(servers).toEqual([
      { urls: ['stun:turn.example.org'] },
      { urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'], username: '1700000000:profile-42', credential: 'OY+XNmI/SCnyIBshs3EjaLapYk8=' }
    ])
    // What the server sends is what the client's schema accepts.
    expect(IceServersSchema.parse(servers)).toEqual(servers)
    expect(iceServersFor({ urls: [], turnCredentialTtlSeconds: 3600 }, 'profile-42', 1)).toBeUndefined()
  })

  it('refuses settings that cannot work: bad URLs, TURN without a secret, a secret without TURN', () => {
    expect(parseIceUrls('stun:a.example.org:3478, turn:[::1]:3478?transport=tcp turns:b.example.org')).toEqual([
      'stun:a.example.org:3478',
      'turn:[::1]:3478?transport=tcp',
      'turns:b.example.org'
    ])
    expect(() => parseIceUrls('stun:ok.example.org,https://turn.example.org')).toThrow(/"https:\/\/turn.example.org" must be a stun:, stuns:, turn: or turns: URL/)
    expect(() => parseIceUrls('stun:a.example.org?transport=udp')).toThrow(/must be a stun:/)
    expect(() => checkIceSettings({ urls: ['turn:turn.example.org'] })).toThrow(/--turn-secret/)
    expect(() => checkIceSettings({ urls: ['stun:turn.example.org'], turnSecret: 's' })).toThrow(/without any turn: or turns: URL/)
    expect(() => checkIceSettings({ urls: ['turn:turn.example.org'], turnSecret: 's', turnCredentialTtlSeconds: 0 })).toThrow(/positive/)
    expect(() => checkIceSettings({ urls: ['turn:turn.example.org'], turnSecret: 's', turnCredentialTtlSeconds: 60 })).not.toThrow()
    expect(() => checkIceSettings({})).not.toThrow()
  })
})

describe('ice_servers in video_auth (client side)', () => {
  const base = { identity: 'a'.repeat(32), token: 't', expires_at: 1, provider: 'p2p' }

  it('is optional: a server that sends none still gives a usable token', () => {
    expect(VideoAuthSchema.parse(base).ice_servers).toBeUndefined()
  })

  it('accepts STUN and credentialed TURN, and refuses TURN without credentials or a non-ICE URL', () => {
    const servers = [{ urls: 'stun:stun.example.org' }, { urls: ['turn:t.example.org'], username: '1:u', credential: 'c' }]
    expect(VideoAuthSchema.parse({ ...base, ice_servers: servers }).ice_servers).toEqual(servers)
    expect(VideoAuthSchema.safeParse({ ...base, ice_servers: [{ urls: 'turn:t.example.org' }] }).error?.issues[0]?.message).toMatch(/needs a username and a credential/)
    expect(VideoAuthSchema.safeParse({ ...base, ice_servers: [{ urls: 'http://t.example.org' }] }).success).toBe(false)
    expect(VideoAuthSchema.safeParse({ ...base, ice_servers: [{ urls: [] }] }).success).toBe(false)
  })
})
