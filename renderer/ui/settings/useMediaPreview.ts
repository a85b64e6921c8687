import { useEffect, useState } from 'react'

export interface MediaPreview {
  stream: MediaStream | null
  error: string | null
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
      setPreview({ stream: null, error: 'This system offers no camera or microphone access.' })
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

function previewError(error: unknown): string {
  const name = error instanceof DOMException ? error.name : ''
  if (name === 'NotAllowedError') return 'Shoutit may not use the camera or microphone. Allow it in your system settings.'
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'The chosen camera or microphone is not connected.'
  if (name === 'NotReadableError') return 'The camera or microphone is in use by another application.'
  return 'The camera or microphone could not be started.'
}
