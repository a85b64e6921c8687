import { describe, expect, it } from 'vitest'
import type { ShoutitBridge } from '../../../../common/ipc'
import { BridgeError, findBridge, messageOf, request } from '../../../../renderer/ui/bridge'

function bridgeReplying(reply: (channel: string, payload: unknown) => Promise<unknown>): ShoutitBridge {
  return {
    invoke: ((channel: string, payload: unknown) => reply(channel, payload)) as ShoutitBridge['invoke'],
    on: () => () => undefined
  }
}

describe('findBridge', () => {
  it('finds an object with invoke and on, and nothing else', () => {
    const bridge = bridgeReplying(async () => ({ ok: true, value: null }))
    expect(findBridge({ shoutit: bridge })).toBe(bridge)
    expect(findBridge({})).toBeNull()
    expect(findBridge({ shoutit: 'not a bridge' })).toBeNull()
    expect(findBridge({ shoutit: { invoke: () => undefined } })).toBeNull()
  })
})

describe('request', () => {
  it("returns the reply's value", async () => {
    const bridge = bridgeReplying(async (channel, payload) => ({ ok: true, value: { channel, payload } }))
    await expect(request(bridge, 'people:get', { username: 'bob' })).resolves.toEqual({ channel: 'people:get', payload: { username: 'bob' } })
  })

  it("throws main's error with its code, status and reason", async () => {
    const bridge = bridgeReplying(async () => ({
      ok: false,
      error: { code: 'api_error', message: 'The password is not correct.', status: 400, reason: 'invalid' }
    }))
    const failure = await request(bridge, 'session:signIn', { login: 'ada', password: 'x' }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(BridgeError)
    expect(failure).toMatchObject({ code: 'api_error', status: 400, reason: 'invalid', message: 'The password is not correct.' })
  })

  it('turns a rejected invoke (a refused channel) into a BridgeError too', async () => {
    const bridge = bridgeReplying(async () => {
      throw new Error('unknown channel nope')
    })
    await expect(request(bridge, 'session:get', {})).rejects.toMatchObject({ name: 'BridgeError', code: 'internal', message: 'unknown channel nope' })
  })
})

describe('messageOf', () => {
  it('gives a readable message whatever was thrown', () => {
    expect(messageOf(new Error('Server unreachable'))).toBe('Server unreachable')
    expect(messageOf('a string')).toBe('Something went wrong. Please try again.')
    expect(messageOf(new Error(''))).toBe('Something went wrong. Please try again.')
  })
})
