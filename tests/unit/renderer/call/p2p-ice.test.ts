import { describe, expect, it } from 'vitest'
import { peerConnectionConfig } from '../../../../renderer/call/p2p-engine'

const turn = { urls: ['turn:turn.example.org:3478?transport=udp'], username: '1700000000:p-1', credential: 'c2lnbmVk' }

describe('p2p peer connection config', () => {
  it("uses the engine's servers and then the token's TURN servers, with every credential intact", () => {
    const config = peerConnectionConfig({ iceServers: [{ urls: 'stun:stun.example.org' }] }, { iceServers: [turn] })
    expect(config).toEqual({ iceServers: [{ urls: 'stun:stun.example.org' }, turn] })
    expect(config).not.toHaveProperty('iceTransportPolicy')
  })

  it('needs no servers at all (a LAN), and forces relay only when asked', () => {
    expect(peerConnectionConfig({ iceServers: [] }, {})).toEqual({ iceServers: [] })
    expect(peerConnectionConfig({ iceServers: [], iceTransportPolicy: 'relay' }, { iceServers: [turn] })).toEqual({ iceServers: [turn], iceTransportPolicy: 'relay' })
  })
})
