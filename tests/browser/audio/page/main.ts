// The noise-suppression test's page: the app's microphone chain (renderer/calling/
// noise-suppression.ts, with its worklet and WebAssembly bundled as the renderer bundles
// them) on Chromium's fake microphone. Two chains take the same microphone, one passing it
// through and one suppressing, and both outputs are recorded side by side, so the two are
// compared on the same words and the same noise.
import { audioConstraints } from '../../../../renderer/calling/media'
import { startRnnoiseChain } from '../../../../renderer/calling/noise-suppression'

/** Energy per 10 ms frame (mean square) of each output, in the order [passed through, suppressed]. */
export interface Recording {
  frameSeconds: number
  off: number[]
  on: number[]
}

declare global {
  interface Window {
    noiseTest: {
      record(seconds: number): Promise<Recording>
      /** Starts a chain on the microphone and closes it again: null when it started, else why not. */
      startError(): Promise<string | null>
    }
  }
}

const FRAME = 480

window.noiseTest = {
  async startError() {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true })
    const microphone = stream.getAudioTracks()[0]
    if (!microphone) throw new Error('no microphone')
    try {
      ;(await startRnnoiseChain(microphone, true)).close()
      return null
    } catch (error) {
      return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    } finally {
      microphone.stop()
    }
  },
  async record(seconds) {
    // As a call opens it with RNNoise on: echo cancellation and gain control, no browser suppression.
    const stream = await navigator.mediaDevices.getUserMedia({ audio: audioConstraints(undefined, { browserNoiseSuppression: false }) })
    const microphone = stream.getAudioTracks()[0]
    if (!microphone) throw new Error('no microphone')
    const [passing, suppressing] = await Promise.all([startRnnoiseChain(microphone, false), startRnnoiseChain(microphone, true)])
    const recorder = new AudioContext({ sampleRate: 48_000 })
    const merger = recorder.createChannelMerger(2)
    recorder.createMediaStreamSource(new MediaStream([passing.output])).connect(merger, 0, 0)
    recorder.createMediaStreamSource(new MediaStream([suppressing.output])).connect(merger, 0, 1)
    // A ScriptProcessor is enough to read samples in a test; the app itself records nothing.
    const tap = recorder.createScriptProcessor(4096, 2, 2)
    const energies: [number[], number[]] = [[], []]
    const partial = [0, 0]
    let filled = 0
    let samples = 0
    const wanted = seconds * recorder.sampleRate
    const done = new Promise<void>((resolve) => {
      tap.onaudioprocess = (event) => {
        const channels = [event.inputBuffer.getChannelData(0), event.inputBuffer.getChannelData(1)] as const
        for (let i = 0; i < channels[0].length && samples < wanted; i++, samples++) {
          partial[0]! += channels[0][i]! ** 2
          partial[1]! += channels[1][i]! ** 2
          if (++filled === FRAME) {
            energies[0].push(partial[0]! / FRAME)
            energies[1].push(partial[1]! / FRAME)
            partial[0] = partial[1] = filled = 0
          }
        }
        if (samples >= wanted) resolve()
      }
    })
    merger.connect(tap)
    tap.connect(recorder.destination)
    await recorder.resume()
    await done
    tap.disconnect()
    await recorder.close()
    passing.close()
    suppressing.close()
    microphone.stop()
    return { frameSeconds: FRAME / 48_000, off: energies[0], on: energies[1] }
  }
}
