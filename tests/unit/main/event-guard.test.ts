// Main sends events through one checked path: a payload with a key the contract does not
// name is refused and logged (naming the key, never its value), and is never delivered.
import { describe, expect, it } from 'vitest'
import type { EventChannel } from '../../../common/ipc'
import { guardedSend } from '../../../main/ipc/event-guard'
import { composeMain } from '../../../main/compose'
import { FakeApi } from '../../support/platform/fake-api'
import { FakeClock, settle } from '../../support/platform/fake-clock'
import { fakePusherFactory } from '../../support/platform/fake-pusher'
import { createTestPlatform, memoryLogger } from '../../support/platform/platform'

const storage = { persistent: true, backend: 'test' }

describe('guardedSend', () => {
  it('delivers a payload that matches the contract', () => {
    const delivered: Array<{ channel: EventChannel; payload: unknown }> = []
    const send = guardedSend((channel, payload) => delivered.push({ channel, payload }), memoryLogger())
    send('session:changed', { state: 'signed-out', storage })
    expect(delivered).toEqual([{ channel: 'session:changed', payload: { state: 'signed-out', storage } }])
  })

  it('refuses and logs a payload with a key the contract does not name, without its value', () => {
    const delivered: unknown[] = []
    const logger = memoryLogger()
    const send = guardedSend((_channel, payload) => delivered.push(payload), logger)
    const tampered = { state: 'signed-out' as const, storage, accessToken: 'at-secret-value-1234' }
    send('session:changed', tampered)
    send('ring:ended', { room: 'room-12345678', reason: 'missed', caller: { token: 'vt-secret-value-5678' } } as never)
    expect(delivered).toEqual([])
    const refusals = logger.lines.filter((line) => line.level === 'error')
    expect(refusals.map((line) => line.fields?.channel)).toEqual(['session:changed', 'ring:ended'])
    expect(JSON.stringify(refusals[0]!.fields)).toContain('accessToken')
    expect(JSON.stringify(logger.lines)).not.toMatch(/secret-value/)
  })

  it('is the path composeMain sends through: nothing outside the contract reaches a window', async () => {
    const clock = new FakeClock()
    const api = new FakeApi({ clock })
    const platform = createTestPlatform({ clock, fetch: api.fetch, createPusher: fakePusherFactory() })
    const main = composeMain(platform)
    await main.ready
    await main.ipc.invoke(1, 'session:signIn', { login: 'alice', password: 'alice-pass' })
    await settle()
    const sentBefore = platform.windows.sent.length
    main.send('missed:countChanged', { count: 1, token: api.allSecrets()[0] } as never)
    expect(platform.windows.sent.length).toBe(sentBefore)
    expect(platform.logger.lines.some((line) => line.message.includes('refused to send an event'))).toBe(true)
    await main.dispose()
  })
})
