import { describe, expect, it } from 'vitest'
import { CHUNK_EVENT, ChunkAssembler, encodeSignal, MAX_CHUNK_CHARS, parseSignal, SIGNAL_EVENT, type Signal } from '../../../../renderer/calling/p2p-messages'

const bigOffer: Signal = { to: 'peer-b', description: { type: 'offer', sdp: 'a=candidate:x\r\n'.repeat(1_500) } }

describe('p2p signal messages', () => {
  it('sends a small signal as one client event', () => {
    const signal: Signal = { to: 'peer-b', candidates: [{ candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 }] }
    expect(encodeSignal(signal, 'm1')).toEqual([{ event: SIGNAL_EVENT, data: signal }])
  })

  it('splits a large offer into chunks under the client-event limit and reassembles it in any order', () => {
    const messages = encodeSignal(bigOffer, 'm2')
    expect(messages.length).toBeGreaterThan(1)
    for (const message of messages) {
      expect(message.event).toBe(CHUNK_EVENT)
      expect(JSON.stringify(message.data).length).toBeLessThan(10_000)
    }
    const assembler = new ChunkAssembler()
    const chunks = messages.map((message) => message.data as { id: string; index: number; count: number; text: string }).reverse()
    const results = chunks.map((chunk) => assembler.accept('peer-a', chunk))
    expect(results.slice(0, -1).every((result) => result === null)).toBe(true)
    expect(results.at(-1)).toEqual(bigOffer)
  })

  it('keeps chunks of two senders apart', () => {
    const assembler = new ChunkAssembler()
    const [first, second] = encodeSignal(bigOffer, 'same-id').map((message) => message.data as { id: string; index: number; count: number; text: string })
    expect(assembler.accept('peer-a', first!)).toBeNull()
    expect(assembler.accept('peer-c', second!)).toBeNull()
  })

  it('rejects inconsistent numbering and malformed payloads with an error, not a throw', () => {
    const assembler = new ChunkAssembler()
    expect(assembler.accept('peer-a', { id: 'x', index: 0, count: 2, text: 'a' })).toBeNull()
    expect(assembler.accept('peer-a', { id: 'x', index: 0, count: 3, text: 'a' })).toEqual({ error: 'inconsistent chunk numbering' })
    expect(assembler.accept('peer-a', { id: 'y', index: 0, count: 1, text: '{not json' })).toHaveProperty('error')
    expect(parseSignal({ description: { type: 'offer', sdp: 'v=0' } })).toHaveProperty('error')
    expect(parseSignal({ to: 'b', description: { type: 'bogus' } })).toHaveProperty('error')
    expect(MAX_CHUNK_CHARS).toBeLessThan(10_000)
  })

  it('carries what the sender sends (media), validated: booleans only, both kinds', () => {
    expect(parseSignal({ to: 'b', media: { audio: false, video: true } })).toEqual({ to: 'b', media: { audio: false, video: true } })
    expect(parseSignal({ to: 'b', media: { audio: 'no', video: true } })).toHaveProperty('error')
    expect(parseSignal({ to: 'b', media: { audio: true } })).toHaveProperty('error')
  })
})
