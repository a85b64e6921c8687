// The CI workflow is only read by GitHub: parse it here so a YAML slip or a lost step
// (no Electron, no virtual display, a system missing) fails the suite, not the next push.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'

// js-yaml ships no types; electron-builder already depends on it.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown }

const StepSchema = z.object({ name: z.string().optional(), run: z.string().optional(), uses: z.string().optional(), env: z.record(z.string(), z.string()).optional() })
const JobSchema = z.object({
  'runs-on': z.string(),
  strategy: z.object({ matrix: z.object({ include: z.array(z.object({ name: z.string(), os: z.string() })) }) }).optional(),
  steps: z.array(StepSchema)
})
const WorkflowSchema = z.object({
  on: z.object({ push: z.unknown(), pull_request: z.unknown() }),
  jobs: z.record(z.string(), JobSchema)
})

const workflow = WorkflowSchema.parse(yaml.load(readFileSync(path.resolve(import.meta.dirname, '../../../.github/workflows/ci.yml'), 'utf8')))

function runs(job: z.infer<typeof JobSchema>): string {
  return job.steps.map((step) => step.run ?? '').join('\n')
}

describe('the CI workflow', () => {
  it('runs on pushes and pull requests, on Linux, macOS and Windows', () => {
    const systems = Object.values(workflow.jobs).flatMap((job) => job.strategy?.matrix.include.map((entry) => entry.os) ?? [job['runs-on']])
    expect(systems.sort()).toEqual(['macos-latest', 'ubuntu-latest', 'windows-latest'])
  })

  it('runs the whole suite on Linux under a virtual display, with the Electron binary required', () => {
    const linux = Object.values(workflow.jobs).find((job) => job['runs-on'] === 'ubuntu-latest')
    expect(linux).toBeDefined()
    const commands = runs(linux!)
    expect(commands).toMatch(/^xvfb-run .* npm test$/m)
    expect(commands).toContain('xvfb')
    expect(commands).toContain('findElectronBinary')
    expect(commands.indexOf('npm ci')).toBeLessThan(commands.indexOf('npm test'))
  })

  it('runs the unit and integration projects (the Electron tests among them) on macOS and Windows', () => {
    const desktop = Object.values(workflow.jobs).filter((job) => job.strategy !== undefined)
    expect(desktop).toHaveLength(1)
    const commands = runs(desktop[0]!)
    expect(commands).toContain('findElectronBinary')
    expect(commands).toContain('electron-vite build')
    expect(commands).toMatch(/vitest run --project unit --project integration/)
  })
})
