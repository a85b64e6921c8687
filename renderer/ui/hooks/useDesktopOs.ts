import { useEffect, useState } from 'react'
import type { DesktopOs } from '../../../common/ipc'
import { request, useBridge } from '../bridge'

/**
 * The OS main reports (app:platform), for words and actions that differ by OS; null until it
 * answers, or when it cannot: then nothing OS-specific is shown rather than a guess.
 */
export function useDesktopOs(): DesktopOs | null {
  const bridge = useBridge()
  const [os, setOs] = useState<DesktopOs | null>(null)
  useEffect(() => {
    let active = true
    request(bridge, 'app:platform', {})
      .then((reply) => {
        if (active) setOs(reply.os)
      })
      .catch((error: unknown) => console.warn('app: the platform is unknown', error))
    return () => {
      active = false
    }
  }, [bridge])
  return os
}
