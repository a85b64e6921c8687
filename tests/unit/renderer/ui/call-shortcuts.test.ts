import { describe, expect, it, vi } from 'vitest'
import type { CallController, CallPhase } from '../../../../renderer/calling/controller-types'
import { callCommandForKey, createCallCommandRunner, ECHO_WINDOW_MS, keyShortcutFor } from '../../../../renderer/ui/call/callShortcuts'

const key = (letter: string, change: Partial<KeyboardEvent> = {}) => ({
  key: letter.toUpperCase(),
  code: `Key${letter.toUpperCase()}`,
  altKey: false,
  ctrlKey: true,
  metaKey: false,
  shiftKey: true,
  repeat: false,
  ...change
})

const peer = { id: 'p', username: 'bob', name: 'Bob', type: 'user' as const, first_name: '', last_name: '', image: null }

function controllerIn(phase: CallPhase) {
  let state = phase
  return {
    getState: () => state,
    setMuted: vi.fn((muted: boolean) => {
      if (state.phase !== 'idle' && state.phase !== 'ended') state = { ...state, muted }
    }),
    setCameraOff: vi.fn(),
    hangUp: vi.fn()
  } as unknown as CallController & { setMuted: ReturnType<typeof vi.fn>; setCameraOff: ReturnType<typeof vi.fn>; hangUp: ReturnType<typeof vi.fn> }
}

const inCall: CallPhase = {
  phase: 'in-call',
  peer,
  startedAt: 0,
  reconnecting: false,
  networkQuality: null,
  muted: false,
  cameraOff: false,
  sharingScreen: false,
  remote: { audioMuted: false, videoOff: false, reconnecting: false },
  participants: [],
  invitations: []
}

describe('call shortcuts', () => {
  it('are the menu accelerators: Ctrl+Shift+M/O/H, Cmd on macOS, and nothing else', () => {
    expect(callCommandForKey(key('m'), false)).toBe('toggle-mute')
    expect(callCommandForKey(key('o'), false)).toBe('toggle-camera')
    expect(callCommandForKey(key('h'), false)).toBe('hang-up')
    expect(callCommandForKey(key('m', { ctrlKey: false, metaKey: true }), true)).toBe('toggle-mute')
    expect(callCommandForKey(key('m', { ctrlKey: false, metaKey: true }), false)).toBeNull()
    expect(callCommandForKey(key('m', { shiftKey: false }), false)).toBeNull()
    expect(callCommandForKey(key('m', { altKey: true }), false)).toBeNull()
    expect(callCommandForKey(key('m', { repeat: true }), false)).toBeNull()
    expect(callCommandForKey(key('x'), false)).toBeNull()
    expect(keyShortcutFor('toggle-mute', false)).toBe('Control+Shift+M')
    expect(keyShortcutFor('hang-up', true)).toBe('Meta+Shift+H')
  })

  it('one keystroke arriving as keydown and as the menu accelerator toggles once; a later one toggles again', () => {
    let now = 1_000
    const run = createCallCommandRunner(() => now)
    const controller = controllerIn(inCall)
    expect(run(controller, 'toggle-mute')).toBe(true)
    now += 20
    expect(run(controller, 'toggle-mute')).toBe(false)
    expect(controller.setMuted).toHaveBeenCalledTimes(1)
    expect(controller.getState()).toMatchObject({ muted: true })
    now += ECHO_WINDOW_MS
    expect(run(controller, 'toggle-mute')).toBe(true)
    expect(controller.setMuted).toHaveBeenLastCalledWith(false)
    // Another command right after is not an echo.
    expect(run(controller, 'toggle-camera')).toBe(true)
    expect(controller.setCameraOff).toHaveBeenCalledWith(true)
  })

  it('mute and camera from the first moment of a call (ringing, joining); hang up also cancels a ringing call, never an ended one', () => {
    const ringing = controllerIn({ phase: 'ringing', peer, attempt: 1, maxAttempts: 3, calleeOffline: false, muted: false, cameraOff: false })
    const run = createCallCommandRunner(() => 0)
    expect(run(ringing, 'toggle-mute')).toBe(true)
    expect(ringing.setMuted).toHaveBeenCalledWith(true)
    const joining = controllerIn({ phase: 'connecting', peer, muted: false, cameraOff: true })
    expect(createCallCommandRunner(() => 0)(joining, 'toggle-camera')).toBe(true)
    expect(joining.setCameraOff).toHaveBeenCalledWith(false)
    expect(run(ringing, 'hang-up')).toBe(true)
    expect(ringing.hangUp).toHaveBeenCalledTimes(1)
    const ended = controllerIn({ phase: 'ended', peer, outcome: 'answered' })
    expect(createCallCommandRunner(() => 0)(ended, 'hang-up')).toBe(false)
    expect(createCallCommandRunner(() => 0)(ended, 'toggle-mute')).toBe(false)
    expect(ended.setMuted).not.toHaveBeenCalled()
  })
})
