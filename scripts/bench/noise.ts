// How much the call microphone's noise suppression (RNNoise) takes away: spoken words with
// steady white and then pink noise as Chromium's fake microphone, through the app's chain,
// suppression off and on in the same run. Prints the noise between words and the speech
// level, in dBFS, and the differences.
//
// Run: npm run bench:noise
import { measureNoiseSuppression, NOISE } from '../../tests/support/noise-suppression-measure'

const format = (value: number) => `${value.toFixed(1)} dB`

for (const noise of [NOISE, { kind: 'pinknoise', amplitude: NOISE.amplitude }]) {
  const measured = await measureNoiseSuppression(noise)
  console.log(`${noise.kind} (sox amplitude ${noise.amplitude}):`)
  console.log(`  noise between words: ${format(measured.gapOffDb)} off, ${format(measured.gapOnDb)} on: ${format(measured.gapOffDb - measured.gapOnDb)} less (${measured.gapWindows} windows of 100 ms)`)
  console.log(`  speech:              ${format(measured.speechOffDb)} off, ${format(measured.speechOnDb)} on: ${format(measured.speechOnDb - measured.speechOffDb)} change (${measured.speechWindows} windows)`)
  console.log(`  speech over noise:   ${format(measured.speechOffDb - measured.gapOffDb)} off, ${format(measured.speechOnDb - measured.gapOnDb)} on`)
}
