// Where the UI tests leave a picture of each screen, for a person to look through, and the
// committed baselines each picture must match. The pictures folder is git-ignored and
// rewritten on every run; README.md and `npm run demo` point at it. `npm run
// screenshots:update` rewrites the baselines from the current pictures (review them in the
// diff before committing).
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { comparePictures, PICTURE_TOLERANCE } from '../../../support/picture-compare'

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../../../test-results/screenshots')
export const BASELINE_DIR = path.resolve(import.meta.dirname, '../baselines')
export const UPDATE_COMMAND = 'npm run screenshots:update'

/** Set by `npm run screenshots:update`: write each picture as its new baseline instead of comparing. */
export const updatingBaselines = (): boolean => process.env.SHOUTIT_UPDATE_SCREENSHOTS === '1'

/** The moment every pictured page lives in (`Date` stands still there), so times and dates never change a picture. */
export const PICTURE_TIME = Date.UTC(2026, 11, 7, 14, 30, 0)

const screenFile = (dir: string, screen: string, suffix = '') => path.join(dir, `${screen}${suffix}.png`)

/** Saves what `target` shows (the whole viewport of a page, or one element) as `<screen>.png`. */
export async function saveScreenshot(target: Page | Locator, screen: string): Promise<string> {
  if (!/^[a-z0-9-]+$/.test(screen)) throw new Error(`screenshot names are lower-case words with hyphens, not "${screen}"`)
  await mkdir(SCREENSHOT_DIR, { recursive: true })
  const file = screenFile(SCREENSHOT_DIR, screen)
  // The caret blinks and animations move: leave both out so pictures compare run to run.
  await target.screenshot({ path: file, animations: 'disabled', caret: 'hide' })
  return file
}

/**
 * Compares the saved picture of `screen` with its baseline; throws, naming the update
 * command, when it differs beyond the tolerance (the difference is written beside the
 * picture as `<screen>.diff.png`), has another size, or has no baseline yet.
 */
export async function matchBaseline(screen: string): Promise<void> {
  const picture = await readFile(screenFile(SCREENSHOT_DIR, screen))
  const baselineFile = screenFile(BASELINE_DIR, screen)
  const diffFile = screenFile(SCREENSHOT_DIR, screen, '.diff')
  await rm(diffFile, { force: true })
  if (updatingBaselines()) {
    await mkdir(BASELINE_DIR, { recursive: true })
    await writeFile(baselineFile, picture)
    return
  }
  if (!existsSync(baselineFile)) {
    throw new Error(`"${screen}" has no baseline in ${path.relative(process.cwd(), BASELINE_DIR)}: look at the picture, then run ${UPDATE_COMMAND}`)
  }
  const comparison = comparePictures(await readFile(baselineFile), picture)
  if (comparison.kind === 'resized') {
    throw new Error(
      `"${screen}" is ${comparison.actual.width}×${comparison.actual.height}, its baseline ${comparison.baseline.width}×${comparison.baseline.height}; if that is intended, run ${UPDATE_COMMAND}`
    )
  }
  if (comparison.kind === 'different') {
    await writeFile(diffFile, comparison.diff)
    throw new Error(
      `"${screen}" differs from its baseline in ${comparison.differentPixels} pixels (tolerance ${PICTURE_TOLERANCE.maxDifferentPixels}); ` +
        `see ${path.relative(process.cwd(), diffFile)}; if the change is intended, run ${UPDATE_COMMAND}`
    )
  }
}
