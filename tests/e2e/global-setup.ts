// Once per e2e run: build the app into a private folder and serve its renderer on loopback.
// Every test file's clients load that one build (the files run one after another).
import type { TestProject } from 'vitest/node'
import { serveFreshRenderer } from '../support/harness/renderer-build'

declare module 'vitest' {
  export interface ProvidedContext {
    rendererUrl: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.platform === 'linux' && process.env.SHOUTIT_NETNS !== '1') {
    // npm test runs everything through scripts/run-in-netns.sh; a direct vitest run does not.
    console.log('e2e: not inside a loopback-only network namespace (run through scripts/run-in-netns.sh for isolation); everything still stays on 127.0.0.1')
  }
  const renderer = await serveFreshRenderer()
  project.provide('rendererUrl', renderer.url)
  return () => renderer.close()
}
