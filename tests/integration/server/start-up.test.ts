// `npm run server` as an operator runs it, on a port that is already taken: a clear error and
// nothing created; the demo accounts appear (and are printed) on the start that binds.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServerProcess } from '../../support/server-process'

const cli = fileURLToPath(new URL('../../../server/src/cli.ts', import.meta.url))
let dataDir: string
let occupant: Server
let takenPort: number

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'shoutit-start-up-'))
  occupant = createServer()
  await new Promise<void>((resolve) => occupant.listen(0, '127.0.0.1', resolve))
  takenPort = (occupant.address() as { port: number }).port
})

afterAll(async () => {
  await new Promise<void>((resolve) => occupant.close(() => resolve()))
  rmSync(dataDir, { recursive: true, force: true })
})

describe('server start-up', () => {
  it('fails on a taken port with a message naming it, and prints the demo accounts on the start that creates them', { timeout: 90_000 }, async () => {
    const argv = ['--import', 'tsx', cli, '--host', '127.0.0.1', '--port', String(takenPort), '--data-dir', dataDir]
    const refused = spawnSync(process.execPath, argv, { encoding: 'utf8', timeout: 60_000 })
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain(`Port ${takenPort} is already in use on 127.0.0.1`)
    expect(refused.stdout).not.toContain('listening on')

    const started = await startServerProcess(['--data-dir', dataDir])
    expect(await started.stop()).toBe(0)
    expect(started.stdout()).toContain('created demo accounts')
    expect(started.stdout()).toMatch(/alice \/ alice@example\.com \/ alice-password/)
  })

  it('prints the accounts it creates even with --quiet', { timeout: 60_000 }, async () => {
    const fresh = mkdtempSync(path.join(tmpdir(), 'shoutit-start-up-quiet-'))
    try {
      const started = await startServerProcess(['--data-dir', fresh, '--quiet'])
      expect(await started.stop()).toBe(0)
      expect(started.stdout()).toMatch(/bob \/ bob@example\.com \/ bob-password/)
    } finally {
      rmSync(fresh, { recursive: true, force: true })
    }
  })
})
