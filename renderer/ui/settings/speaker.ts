/** Routes a media element to the chosen speaker; '' is the system default. */
export async function routeToSpeaker(element: HTMLMediaElement, speakerId: string | undefined): Promise<void> {
  // setSinkId is missing where audio output selection is not supported: the default then plays.
  if (typeof element.setSinkId !== 'function') return
  const target = speakerId ?? ''
  if (element.sinkId === target) return
  await element.setSinkId(target)
}

/** A short two-note chime on the chosen speaker, so the user hears where sound goes. */
export async function playTestSound(speakerId: string | undefined): Promise<void> {
  const context = new AudioContext()
  try {
    const destination = context.createMediaStreamDestination()
    const gain = context.createGain()
    gain.connect(destination)
    const start = context.currentTime + 0.05
    for (const [index, frequency] of [660, 880].entries()) {
      const oscillator = context.createOscillator()
      oscillator.frequency.value = frequency
      oscillator.connect(gain)
      oscillator.start(start + index * 0.3)
      oscillator.stop(start + index * 0.3 + 0.25)
    }
    gain.gain.setValueAtTime(0.2, start)
    const audio = new Audio()
    audio.srcObject = destination.stream
    await routeToSpeaker(audio, speakerId)
    await audio.play()
    await new Promise((resolve) => setTimeout(resolve, 700))
    audio.srcObject = null
  } finally {
    void context.close().catch(() => undefined)
  }
}
