// Where the UI tests leave a picture of each screen, for a person to look through. The folder
// is git-ignored and rewritten on every run; README.md and `npm run demo` point at it.
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { Locator, Page } from 'playwright-core'

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../../../test-results/screenshots')

/** Saves what `target` shows (the whole viewport of a page, or one element) as `<screen>.png`. */
export async function saveScreenshot(target: Page | Locator, screen: string): Promise<string> {
  if (!/^[a-z0-9-]+$/.test(screen)) throw new Error(`screenshot names are lower-case words with hyphens, not "${screen}"`)
  await mkdir(SCREENSHOT_DIR, { recursive: true })
  const file = path.join(SCREENSHOT_DIR, `${screen}.png`)
  // The caret blinks and animations move: leave both out so pictures compare run to run.
  await target.screenshot({ path: file, animations: 'disabled', caret: 'hide' })
  return file
}
