import { useEffect, useState } from 'react'

/** Why there is no preview, as a key the view translates (so it follows a language change). */
export type PreviewError = 'devices.noMediaAccess' | 'devices.notAllowed' | 'devices.notFound' | 'devices.inUse' | 'devices.failed'

export interface MediaPreview {
  stream: MediaStream | null
  error: PreviewError | null
}

/** A live camera and microphone stream for the chosen devices, stopped when no longer shown. */
export function useMediaPreview(
  cameraId: string | undefined,
  microphoneId: string | undefined,
  enabled = true
): MediaPreview {
  const [preview, setPreview] = useState<MediaPreview>({ stream: null, error: null })
  useEffect(() => {
    let active = true
    let stream: MediaStream | null = null
    if (!enabled) {
      setPreview({ stream: null, error: null })
      return
    }
    if (!navigator.mediaDevices?.getUserMedia) {
      setPreview({ stream: null, error: 'devices.noMediaAccess' })
      return
    }
    navigator.mediaDevices
      .getUserMedia({
        video: cameraId ? { deviceId: { exact: cameraId } } : true,
        audio: microphoneId ? { deviceId: { exact: microphoneId } } : true
      })
      .then((granted) => {
        if (!active) {
          for (const track of granted.getTracks()) track.stop()
          return
        }
        stream = granted
        setPreview({ stream: granted, error: null })
      })
      .catch((error: unknown) => {
        if (active) setPreview({ stream: null, error: previewError(error) })
      })
    return () => {
      active = false
      for (const track of stream?.getTracks() ?? []) track.stop()
    }
  }, [cameraId, microphoneId, enabled])
  return preview
}

function previewError(error: unknown): PreviewError {
  const name = error instanceof DOMException ? error.name : ''
  if (name === 'NotAllowedError') return 'devices.notAllowed'
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'devices.notFound'
  if (name === 'NotReadableError') return 'devices.inUse'
  return 'devices.failed'
}
