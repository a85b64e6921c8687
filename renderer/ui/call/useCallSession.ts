import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react'
import type { Profile } from '../../../common/api'
import type { ShoutitBridge } from '../../../common/ipc'
import type { CallController, CallOptions, CallPhase, RingToAnswer } from '../../calling/controller-types'
import { messageOf } from '../bridge'
import { useNotify } from '../hooks/useNotices'
import { useWords } from '../i18n/LanguageProvider'
import { callCommandForKey, createCallCommandRunner } from './callShortcuts'
import type { LoadCallController } from './types'

const IDLE: CallPhase = { phase: 'idle' }
const noSubscription = () => () => undefined

export interface CallSession {
  controller: CallController | null
  phase: CallPhase
  /** True from the moment a call is asked for until the call code has loaded. */
  loading: boolean
  /** `options.video` false: a voice call (the camera is not started). */
  call(peer: Profile, options?: CallOptions): void
  /** `options.video` false: answered with audio only (the camera is not started). */
  answer(ring: RingToAnswer, options?: CallOptions): void
  /**
   * A ring has started: loads the call code and warms the controller up (token, engine,
   * realtime connection; never the camera), so that answering only has to join.
   */
  warmUp(): void
  /** The ring ended unanswered here: lets the warm-up go. */
  coolDown(): void
}

export interface CallSessionOptions {
  devices?: { cameraId?: string; microphoneId?: string }
}

/** Loads the call controller on first use and follows its state. */
export function useCallSession(bridge: ShoutitBridge, load: LoadCallController, options: CallSessionOptions): CallSession {
  const notify = useNotify()
  const { t } = useWords()
  const [controller, setController] = useState<CallController | null>(null)
  const [loading, setLoading] = useState(false)
  const pending = useRef<Promise<CallController> | null>(null)
  const latestOptions = useRef(options)
  latestOptions.current = options
  /** The devices last handed to the controller: each choice is applied once, not on every render. */
  const appliedDevices = useRef<string | null>(null)

  const ensureController = useCallback((): Promise<CallController> => {
    if (!pending.current) {
      const { devices } = latestOptions.current
      // No retry pause here: the controller reads the current setting for every call.
      pending.current = load(bridge, {})
        .then(async (loaded) => {
          appliedDevices.current = devicesKey(devices)
          if (devices && (devices.cameraId || devices.microphoneId)) {
            // The chosen devices are a preference: a call with the defaults beats no call.
            await loaded.setDevices(devices).catch(() => undefined)
          }
          setController(loaded)
          return loaded
        })
        .catch((error: unknown) => {
          pending.current = null
          throw error
        })
    }
    return pending.current
  }, [bridge, load])

  // Signing out (or switching accounts) unmounts the session: a call must not outlive it.
  useEffect(() => {
    if (!controller) return
    return () => controller.dispose()
  }, [controller])

  // A device chosen later (in settings, or from the call's device dialog) reaches the
  // controller, which switches the live track when a call is on.
  const cameraId = options.devices?.cameraId
  const microphoneId = options.devices?.microphoneId
  useEffect(() => {
    if (!controller) return
    const key = devicesKey({ cameraId, microphoneId })
    if (appliedDevices.current === key) return
    appliedDevices.current = key
    controller.setDevices({ cameraId: cameraId ?? '', microphoneId: microphoneId ?? '' }).catch((error: unknown) =>
      notify({ level: 'warning', message: `The device could not be switched: ${messageOf(error)}` })
    )
  }, [controller, cameraId, microphoneId, notify])

  // The app menu's Call items and their shortcuts, and the same shortcuts pressed in the
  // page: one runner, so a keystroke that arrives both ways toggles once. Mute and camera
  // act on a call that is on; Hang up also cancels one that is still ringing, as the
  // screen's own buttons do.
  useEffect(() => {
    if (!controller) return
    const run = createCallCommandRunner()
    const offMenu = bridge.on('call:command', ({ command }) => void run(controller, command))
    const onKeyDown = (event: KeyboardEvent) => {
      const command = callCommandForKey(event)
      if (command && run(controller, command)) event.preventDefault()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => {
      offMenu()
      window.removeEventListener('keydown', onKeyDown)
    }
  }, [bridge, controller])

  // Wrapped, not passed as-is: the controller may be a class whose methods need `this`.
  const subscribe = useCallback(
    (listener: () => void) => (controller ? controller.subscribe(listener) : noSubscription()),
    [controller]
  )
  const getPhase = useCallback(() => (controller ? controller.getState() : IDLE), [controller])
  const phase = useSyncExternalStore(subscribe, getPhase)

  // The microphone's noise suppression did not start: said once per call (the call goes on).
  const noiseSuppressionUnavailable = phase.phase === 'in-call' && phase.noiseSuppression === 'unavailable' ? phase.startedAt : null
  useEffect(() => {
    if (noiseSuppressionUnavailable !== null) notify({ level: 'warning', message: t('call.noiseSuppressionUnavailable') })
  }, [noiseSuppressionUnavailable, notify, t])
  // Said once a call: the camera then goes out as it is.
  const backgroundUnavailable = phase.phase === 'in-call' && phase.background === 'unavailable' ? phase.startedAt : null
  useEffect(() => {
    if (backgroundUnavailable !== null) notify({ level: 'warning', message: t('call.backgroundUnavailable') })
  }, [backgroundUnavailable, notify, t])
  // The CPU could not keep up with the effect: it went before the video was made smaller.
  const backgroundShed = phase.phase === 'in-call' && phase.backgroundShed === true ? phase.startedAt : null
  useEffect(() => {
    if (backgroundShed !== null) notify({ level: 'warning', message: t('call.backgroundShed') })
  }, [backgroundShed, notify, t])

  const run = useCallback(
    (action: (loaded: CallController) => Promise<void>) => {
      setLoading(true)
      ensureController()
        .finally(() => setLoading(false))
        .then((loaded) => {
          const current = loaded.getState().phase
          if (current !== 'idle' && current !== 'ended') {
            notify({ level: 'warning', message: t('call.alreadyInCall') })
            return
          }
          if (current === 'ended') loaded.dismiss()
          return action(loaded)
        })
        .catch((error: unknown) => notify({ level: 'error', message: t('call.couldNotStart', { error: messageOf(error) }) }))
    },
    [ensureController, notify, t]
  )

  const call = useCallback((peer: Profile, options?: CallOptions) => run((loaded) => (options ? loaded.call(peer, options) : loaded.call(peer))), [run])
  const answer = useCallback((ring: RingToAnswer, options?: CallOptions) => run((loaded) => (options ? loaded.answer(ring, options) : loaded.answer(ring))), [run])

  const warmUp = useCallback(() => {
    // A failed prefetch is retried by the call or answer that needs it, which reports errors.
    ensureController().then(
      (loaded) => loaded.warmUp(),
      () => undefined
    )
  }, [ensureController])

  const coolDown = useCallback(() => {
    // After the warm-up's own continuation, should the controller still be loading.
    pending.current?.then(
      (loaded) => loaded.coolDown(),
      () => undefined
    )
  }, [])

  return { controller, phase, loading, call, answer, warmUp, coolDown }
}

function devicesKey(devices: CallSessionOptions['devices']): string {
  return `${devices?.cameraId ?? ''}|${devices?.microphoneId ?? ''}`
}
