import { useCallback, useRef, useState, useSyncExternalStore } from 'react'
import type { Profile } from '../../../common/api'
import type { Ring, ShoutitBridge } from '../../../common/ipc'
import type { CallController, CallPhase } from '../../call/controller-types'
import { messageOf } from '../bridge'
import { useNotify } from '../hooks/useNotices'
import type { LoadCallController } from './types'

const IDLE: CallPhase = { phase: 'idle' }
const noSubscription = () => () => undefined

export interface CallSession {
  controller: CallController | null
  phase: CallPhase
  /** True from the moment a call is asked for until the controller has loaded. */
  loading: boolean
  call(peer: Profile): void
  answer(ring: Ring): void
}

export interface CallSessionOptions {
  retryPauseSeconds?: number
  devices?: { cameraId?: string; microphoneId?: string }
}

/** Loads the call controller on first use and follows its state. */
export function useCallSession(bridge: ShoutitBridge, load: LoadCallController, options: CallSessionOptions): CallSession {
  const notify = useNotify()
  const [controller, setController] = useState<CallController | null>(null)
  const [loading, setLoading] = useState(false)
  const pending = useRef<Promise<CallController> | null>(null)
  const latestOptions = useRef(options)
  latestOptions.current = options

  const ensureController = useCallback((): Promise<CallController> => {
    if (!pending.current) {
      setLoading(true)
      const { retryPauseSeconds, devices } = latestOptions.current
      pending.current = load(bridge, retryPauseSeconds === undefined ? {} : { retryPauseSeconds })
        .then(async (loaded) => {
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
        .finally(() => setLoading(false))
    }
    return pending.current
  }, [bridge, load])

  // Wrapped, not passed as-is: the controller may be a class whose methods need `this`.
  const subscribe = useCallback(
    (listener: () => void) => (controller ? controller.subscribe(listener) : noSubscription()),
    [controller]
  )
  const getPhase = useCallback(() => (controller ? controller.getState() : IDLE), [controller])
  const phase = useSyncExternalStore(subscribe, getPhase)

  const run = useCallback(
    (action: (loaded: CallController) => Promise<void>) => {
      ensureController()
        .then((loaded) => {
          const current = loaded.getState().phase
          if (current !== 'idle' && current !== 'ended') {
            notify({ level: 'warning', message: 'You are already in a call.' })
            return
          }
          if (current === 'ended') loaded.dismiss()
          return action(loaded)
        })
        .catch((error: unknown) => notify({ level: 'error', message: `The call could not start: ${messageOf(error)}` }))
    },
    [ensureController, notify]
  )

  const call = useCallback((peer: Profile) => run((loaded) => loaded.call(peer)), [run])
  const answer = useCallback((ring: Ring) => run((loaded) => loaded.answer(ring)), [run])

  return { controller, phase, loading, call, answer }
}
