// RNNoise on the call's microphone: getUserMedia's track → AudioContext (48 kHz, what
// RNNoise expects) → MediaStreamSource → the RNNoise AudioWorklet → MediaStreamDestination,
// whose track is what the engine sends for the whole call. Turning suppression off or on,
// or switching microphones, reconnects the graph: the sent track stays the same, so neither
// engine renegotiates. The worklet and its WebAssembly come from the app's own origin
// (Vite emits them as assets); compiling the WebAssembly needs CSP 'wasm-unsafe-eval'.
import { loadRnnoise, RnnoiseWorkletNode } from '@sapphi-red/web-noise-suppressor'
import rnnoiseWasmUrl from '@sapphi-red/web-noise-suppressor/rnnoise.wasm?url'
import rnnoiseSimdWasmUrl from '@sapphi-red/web-noise-suppressor/rnnoise_simd.wasm?url'
import rnnoiseWorkletUrl from '@sapphi-red/web-noise-suppressor/rnnoiseWorklet.js?url'
import { cachedUntilFailure } from './cached'
import type { MicrophoneChain, StartMicrophoneChain } from './microphone-chain'

/** RNNoise works on 48 kHz frames only. */
export const NOISE_SUPPRESSION_SAMPLE_RATE = 48_000
/** A graph that has not started by then is given up: the call goes on with the raw microphone. */
const START_TIMEOUT_MS = 5_000

// The WebAssembly is fetched once a session; the worklet module is added to each call's context.
const rnnoiseBinary = cachedUntilFailure(() => loadRnnoise({ url: rnnoiseWasmUrl, simdUrl: rnnoiseSimdWasmUrl }))

export const startRnnoiseChain: StartMicrophoneChain = async (input, suppress) => {
  if (typeof AudioContext === 'undefined' || typeof AudioWorkletNode === 'undefined') throw new Error('this browser has no AudioWorklet')
  const context = new AudioContext({ sampleRate: NOISE_SUPPRESSION_SAMPLE_RATE, latencyHint: 'interactive' })
  try {
    const [wasmBinary] = await withTimeout(Promise.all([rnnoiseBinary(), context.audioWorklet.addModule(rnnoiseWorkletUrl)]), 'the RNNoise worklet did not load')
    // The worklet compiles this too, but a failure there only silences its output: compiled
    // here first, a CSP or browser that refuses it leaves the call on the raw microphone.
    await WebAssembly.compile(wasmBinary)
    const denoiser = new RnnoiseWorkletNode(context, { maxChannels: 1, wasmBinary })
    const destination = context.createMediaStreamDestination()
    destination.channelCount = 1
    denoiser.connect(destination)
    await withTimeout(context.resume(), 'the audio context did not start')
    const output = destination.stream.getAudioTracks()[0]
    if (!output) throw new Error('the audio graph has no output track')
    return new RnnoiseChain(context, denoiser, destination, output, input, suppress)
  } catch (error) {
    void context.close().catch(() => undefined)
    throw error
  }
}

class RnnoiseChain implements MicrophoneChain {
  #source: MediaStreamAudioSourceNode
  #suppressing: boolean
  #closed = false

  constructor(
    private readonly context: AudioContext,
    private readonly denoiser: RnnoiseWorkletNode,
    private readonly destination: MediaStreamAudioDestinationNode,
    readonly output: MediaStreamTrack,
    input: MediaStreamTrack,
    suppress: boolean
  ) {
    this.#suppressing = suppress
    this.#source = this.#sourceFor(input)
    this.#connect()
  }

  get suppressing(): boolean {
    return this.#suppressing
  }

  setInput(track: MediaStreamTrack): void {
    if (this.#closed) return
    this.#source.disconnect()
    this.#source = this.#sourceFor(track)
    this.#connect()
  }

  setSuppression(on: boolean): void {
    if (this.#closed || on === this.#suppressing) return
    this.#suppressing = on
    this.#source.disconnect()
    this.#connect()
  }

  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#source.disconnect()
    this.denoiser.disconnect()
    this.denoiser.destroy()
    this.output.stop()
    void this.context.close().catch(() => undefined)
  }

  #sourceFor(track: MediaStreamTrack): MediaStreamAudioSourceNode {
    return this.context.createMediaStreamSource(new MediaStream([track]))
  }

  #connect(): void {
    this.#source.connect(this.#suppressing ? this.denoiser : this.destination)
  }
}

function withTimeout<T>(promise: Promise<T>, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${message} within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error instanceof Error ? error : new Error(String(error)))
      }
    )
  })
}
