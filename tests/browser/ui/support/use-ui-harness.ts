// One UI harness per browser test file: built and launched before the first test, closed
// after the last. The returned function gives the running harness.
import { afterAll, beforeAll } from 'vitest'
import { startUiHarness, type UiHarness, type UiHarnessOptions } from './ui-harness'

export function useUiHarness(options: UiHarnessOptions = {}): () => UiHarness {
  let harness: UiHarness | undefined
  beforeAll(async () => {
    harness = await startUiHarness(options)
  })
  afterAll(async () => {
    await harness?.close()
  })
  return () => {
    if (!harness) throw new Error('the UI harness has not started (useUiHarness registers it in beforeAll)')
    return harness
  }
}
