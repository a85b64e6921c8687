import { useEffect, useRef } from 'react'
import { routeToSpeaker } from '../settings/speaker'

interface MediaViewProps {
  stream: MediaStream | null
  label: string
  className?: string
  /** The self view is muted: hearing yourself is an echo, not a feature. */
  muted?: boolean
  speakerId?: string
  mirrored?: boolean
}

/** A <video> bound to a MediaStream, playing through the chosen speaker. */
export function MediaView({ stream, label, className, muted = false, speakerId, mirrored = false }: MediaViewProps) {
  const ref = useRef<HTMLVideoElement>(null)
  useEffect(() => {
    const element = ref.current
    if (!element) return
    if (element.srcObject !== stream) element.srcObject = stream
  }, [stream])
  useEffect(() => {
    const element = ref.current
    // A speaker that vanished mid-call falls back to the default rather than silence.
    if (element && !muted) void routeToSpeaker(element, speakerId).catch(() => routeToSpeaker(element, undefined).catch(() => undefined))
  }, [speakerId, muted])
  return (
    <video
      ref={ref}
      className={`${className ?? ''}${mirrored ? ' mirrored' : ''}`}
      autoPlay
      playsInline
      muted={muted}
      aria-label={label}
    />
  )
}
