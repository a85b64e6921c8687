// One harness per end-to-end test file, with the lifecycle every file wants: started before
// the first test (the renderer built by global setup), its diagnostics printed after a test
// that failed (what the clients and the server saw is the only way to read an e2e failure),
// and stopped after the last test.
import { afterAll, afterEach, beforeAll, inject } from 'vitest'
import { Harness, type HarnessOptions } from './harness'

/** Registers the file's harness hooks; the returned function gives the running harness. */
export function useHarness(options: Omit<HarnessOptions, 'rendererUrl'> = {}): () => Harness {
  let harness: Harness | undefined
  beforeAll(async () => {
    harness = await Harness.start({ rendererUrl: inject('rendererUrl'), ...options })
  })
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && harness) console.log(await harness.diagnostics())
  })
  afterAll(async () => {
    await harness?.stop()
  })
  return () => {
    if (!harness) throw new Error('the e2e harness has not started (useHarness registers it in beforeAll)')
    return harness
  }
}
