import type { TFunction } from 'i18next'
import { useCallback, useEffect, useState } from 'react'

export interface DeviceLists {
  cameras: MediaDeviceInfo[]
  microphones: MediaDeviceInfo[]
  speakers: MediaDeviceInfo[]
}

const EMPTY: DeviceLists = { cameras: [], microphones: [], speakers: [] }

/**
 * The machine's cameras, microphones and speakers, kept current by `devicechange` (a headset
 * plugged in mid-session shows up at once). Labels stay empty until media permission is
 * granted, so `refresh` is exposed for after the preview starts.
 */
export function useMediaDevices(): DeviceLists & { refresh: () => void } {
  const [lists, setLists] = useState<DeviceLists>(EMPTY)
  const refresh = useCallback(() => {
    if (!navigator.mediaDevices?.enumerateDevices) return
    navigator.mediaDevices
      .enumerateDevices()
      .then((devices) =>
        setLists({
          cameras: devices.filter((device) => device.kind === 'videoinput'),
          microphones: devices.filter((device) => device.kind === 'audioinput'),
          speakers: devices.filter((device) => device.kind === 'audiooutput')
        })
      )
      .catch(() => setLists(EMPTY))
  }, [])
  useEffect(() => {
    refresh()
    const mediaDevices = navigator.mediaDevices
    if (!mediaDevices) return
    mediaDevices.addEventListener('devicechange', refresh)
    return () => mediaDevices.removeEventListener('devicechange', refresh)
  }, [refresh])
  return { ...lists, refresh }
}

/** A device's label, or a numbered stand-in ("Camera 2") before permission reveals the names. */
export function deviceLabel(device: MediaDeviceInfo, index: number, kind: string, t: TFunction): string {
  return device.label || t('devices.numbered', { kind, number: index + 1 })
}
