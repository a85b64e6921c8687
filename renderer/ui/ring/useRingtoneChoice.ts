import { useEffect, useState } from 'react'
import { request, useBridge } from '../bridge'
import { useBridgeEvent } from '../hooks/useBridgeEvent'
import { DEFAULT_RINGTONE, type RingtoneChoice } from './ringtone'

/**
 * The ringtone and volume from the settings, kept current; null until main has answered, so
 * that a ring does not start with the default tone and switch a moment later.
 */
export function useRingtoneChoice(): RingtoneChoice | null {
  const bridge = useBridge()
  const [choice, setChoice] = useState<RingtoneChoice | null>(null)
  useEffect(() => {
    request(bridge, 'settings:get', {})
      .then((settings) => setChoice((previous) => previous ?? { tone: settings.ringtone, volume: settings.ringtoneVolume }))
      // Unreadable settings must not silence a ring.
      .catch(() => setChoice((previous) => previous ?? DEFAULT_RINGTONE))
  }, [bridge])
  useBridgeEvent('settings:changed', (settings) => setChoice({ tone: settings.ringtone, volume: settings.ringtoneVolume }))
  return choice
}
