// The microphone's path from getUserMedia to the room (see noise-suppression.ts), as the
// call code sees it. The RNNoise code and its WebAssembly load only when a call's
// microphone starts, and only where the page has AudioWorklet.
/** The microphone as it is sent: the raw track fed through the graph, suppressed or not. */
export interface MicrophoneChain {
  /** The track to send: the same one for the chain's whole life. */
  readonly output: MediaStreamTrack
  readonly suppressing: boolean
  /** Feeds another microphone (a switched device) into the chain. */
  setInput(track: MediaStreamTrack): void
  setSuppression(on: boolean): void
  /** Stops the output and closes the AudioContext (the input track is the caller's). */
  close(): void
}

export type StartMicrophoneChain = (input: MediaStreamTrack, suppress: boolean) => Promise<MicrophoneChain>

/** Loads noise-suppression.ts on first use (its library subclasses AudioWorkletNode as it loads). */
export const startMicrophoneChain: StartMicrophoneChain = async (input, suppress) => {
  if (typeof AudioContext === 'undefined' || typeof AudioWorkletNode === 'undefined') throw new Error('this page has no AudioWorklet')
  const { startRnnoiseChain } = await import('./noise-suppression')
  return startRnnoiseChain(input, suppress)
}
