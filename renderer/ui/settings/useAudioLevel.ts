import { useEffect, useState } from 'react'

const SAMPLE_INTERVAL_MS = 100

/** The microphone's level, 0–1, sampled ten times a second: enough for a meter, cheap on CPU. */
export function useAudioLevel(stream: MediaStream | null): number {
  const [level, setLevel] = useState(0)
  useEffect(() => {
    if (!stream || stream.getAudioTracks().length === 0) {
      setLevel(0)
      return
    }
    let context: AudioContext
    try {
      context = new AudioContext()
    } catch {
      return
    }
    const analyser = context.createAnalyser()
    analyser.fftSize = 512
    context.createMediaStreamSource(stream).connect(analyser)
    const samples = new Float32Array(analyser.fftSize)
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples)
      let sum = 0
      for (const sample of samples) sum += sample * sample
      // RMS scaled so speech sits mid-meter rather than near the bottom.
      setLevel(Math.min(1, Math.sqrt(sum / samples.length) * 4))
    }, SAMPLE_INTERVAL_MS)
    return () => {
      clearInterval(timer)
      void context.close().catch(() => undefined)
    }
  }, [stream])
  return level
}
