// RNNoise on real audio: spoken words with steady noise as Chromium's microphone, through
// the app's microphone chain under the app's CSP, suppression off and on in the same run.
// The noise between words must drop a lot, the words must stay. (`npm run bench:noise`
// prints the same figures.)
import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../../main/platform/csp'
import { chainStartError, measureNoiseSuppression } from '../../support/noise-suppression-measure'

describe('microphone noise suppression', () => {
  it('cuts the noise between words by at least 10 dB and keeps the words', async () => {
    const measured = await measureNoiseSuppression()
    console.info('noise suppression:', JSON.stringify(measured))
    expect(measured.gapOffDb - measured.gapOnDb).toBeGreaterThanOrEqual(10)
    // The words keep their energy but for what RNNoise takes from under and around them
    // (about 6 dB with this synthetic voice): quieter, never silenced.
    expect(measured.speechOnDb).toBeGreaterThan(measured.speechOffDb - 10)
    // And the words stand well above what is left between them.
    expect(measured.speechOnDb - measured.gapOnDb).toBeGreaterThan(measured.speechOffDb - measured.gapOffDb)
  }, 120_000)

  it("refuses to start where the CSP forbids compiling WebAssembly (the call then sends the raw microphone), and starts under the app's", async () => {
    const appPolicy = contentSecurityPolicy({ serverUrl: 'http://127.0.0.1:9' })
    expect(await chainStartError(appPolicy)).toBeNull()
    const withoutWasm = appPolicy.replace(" 'wasm-unsafe-eval'", '')
    expect(withoutWasm).not.toContain('wasm-unsafe-eval')
    expect(await chainStartError(withoutWasm)).toMatch(/CompileError|WebAssembly|Content Security Policy/i)
  }, 120_000)
})
