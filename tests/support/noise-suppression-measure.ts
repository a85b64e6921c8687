// Measures the microphone's noise suppression on real audio: spoken words (espeak-ng) with
// steady noise mixed in (sox), 48 kHz mono, fed to Chromium as its fake microphone; the
// app's chain runs in a page under the app's CSP and records its output with suppression
// off and on at once (tests/browser/audio/page). Shared by the browser test, which asserts
// on the figures, and `npm run bench:noise`, which prints them.
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { contentSecurityPolicy } from '../../main/platform/csp'
import { startCspProxy } from '../browser/ui/support/csp-proxy'
import { buildTestPage } from './browser/page-bundle'
import { launchChromium, newHarnessContext } from './chromium'

const run = promisify(execFile)

const SPEECH = 'Hello there. This is a test of noise suppression on a call.'
/** sox's noise generator and its amplitude: steady background noise at a fixed level. */
export const NOISE = { kind: 'whitenoise', amplitude: 0.03 } as const

export interface NoiseFigures {
  /** RMS in the gaps between words, dBFS, suppression off and on. */
  gapOffDb: number
  gapOnDb: number
  /** RMS while words are spoken, dBFS. */
  speechOffDb: number
  speechOnDb: number
  /** How many 100 ms windows each figure averages. */
  gapWindows: number
  speechWindows: number
}

/** Writes the noisy speech the fake microphone plays (looped) and returns its path. */
export async function noisySpeechWav(dir: string, noise: { kind: string; amplitude: number } = NOISE): Promise<string> {
  const speech = path.join(dir, 'speech.wav')
  const speech48 = path.join(dir, 'speech-48k.wav')
  const noisePath = path.join(dir, 'noise.wav')
  const mixed = path.join(dir, 'noisy-speech.wav')
  // -g 60: 600 ms between words, the gaps the noise is measured in; silence around the sentence too.
  await run('espeak-ng', ['-g', '60', '-w', speech, SPEECH])
  await run('sox', [speech, '-r', '48000', '-c', '1', '-b', '16', speech48, 'norm', '-3', 'pad', '0.8', '0.8'])
  const { stdout } = await run('soxi', ['-D', speech48])
  await run('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', noisePath, 'synth', stdout.trim(), noise.kind, 'vol', String(noise.amplitude)])
  await run('sox', ['-m', speech48, noisePath, '-b', '16', mixed])
  return mixed
}

export async function measureNoiseSuppression(noise: { kind: string; amplitude: number } = NOISE): Promise<NoiseFigures> {
  const dir = await mkdtemp(path.join(tmpdir(), 'shoutit-noise-'))
  try {
    const [wav, bundle] = await Promise.all([noisySpeechWav(dir, noise), buildTestPage(path.join(import.meta.dirname, '../browser/audio/page'))])
    const { stdout } = await run('soxi', ['-D', wav])
    const loopSeconds = Number(stdout.trim())
    const proxy = await startCspProxy(bundle.url, contentSecurityPolicy({ serverUrl: 'http://127.0.0.1:9' }))
    const browser = await launchChromium({ extraArgs: [`--use-file-for-fake-audio-capture=${wav}`] })
    try {
      const page = await (await newHarnessContext(browser)).newPage()
      const problems: string[] = []
      page.on('pageerror', (error) => problems.push(error.message))
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text())
      })
      await page.goto(proxy.url)
      await page.waitForFunction(() => 'noiseTest' in window)
      // Two loops of the file: the first half lets the gain control settle, the second is measured.
      const recording = await page.evaluate((seconds) => window.noiseTest.record(seconds), loopSeconds * 2)
      if (problems.length > 0) throw new Error(`the page reported: ${problems.join('; ')}`)
      const half = Math.floor(recording.off.length / 2)
      return figures(recording.off.slice(half), recording.on.slice(half), Math.round(0.1 / recording.frameSeconds))
    } finally {
      await browser.close()
      await proxy.close()
      await bundle.dispose()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Why the chain does not start in the test page under `csp` (null: it starts). */
export async function chainStartError(csp: string): Promise<string | null> {
  const bundle = await buildTestPage(path.join(import.meta.dirname, '../browser/audio/page'))
  const proxy = await startCspProxy(bundle.url, csp)
  const browser = await launchChromium()
  try {
    const page = await (await newHarnessContext(browser)).newPage()
    await page.goto(proxy.url)
    await page.waitForFunction(() => 'noiseTest' in window)
    return await page.evaluate(() => window.noiseTest.startError())
  } finally {
    await browser.close()
    await proxy.close()
    await bundle.dispose()
  }
}

const db = (meanSquare: number): number => 10 * Math.log10(Math.max(meanSquare, 1e-12))
const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1)

/**
 * Windows are told apart on the unsuppressed output: gaps sit at the noise floor (with both
 * neighbours there too, so a word's edge or the chain's latency never counts as a gap),
 * words well above it.
 */
export function figures(off: number[], on: number[], framesPerWindow: number): NoiseFigures {
  const windows = (frames: number[]) => Array.from({ length: Math.floor(frames.length / framesPerWindow) }, (_, i) => mean(frames.slice(i * framesPerWindow, (i + 1) * framesPerWindow)))
  const offWindows = windows(off)
  const onWindows = windows(on)
  const sorted = [...offWindows].map(db).sort((a, b) => a - b)
  const floor = sorted[Math.floor(sorted.length * 0.2)] ?? -120
  const quiet = offWindows.map((value) => db(value) < floor + 3)
  const gaps: number[] = []
  const words: number[] = []
  offWindows.forEach((value, i) => {
    if (quiet[i] && quiet[i - 1] && quiet[i + 1]) gaps.push(i)
    else if (db(value) > floor + 15) words.push(i)
  })
  if (gaps.length === 0 || words.length === 0) throw new Error(`could not tell gaps from words (floor ${floor.toFixed(1)} dB)`)
  const level = (source: number[], at: number[]) => db(mean(at.map((i) => source[i] ?? 0)))
  return {
    gapOffDb: level(offWindows, gaps),
    gapOnDb: level(onWindows, gaps),
    speechOffDb: level(offWindows, words),
    speechOnDb: level(onWindows, words),
    gapWindows: gaps.length,
    speechWindows: words.length
  }
}
