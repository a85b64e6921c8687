import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAppLogger } from '../../../../main/platform/logger'

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ'
const OPAQUE_TOKEN = 'r3fr3sh-9f8e7d6c5b4a'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'shoutit-log-'))
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
})
afterEach(() => {
  vi.restoreAllMocks()
  rmSync(dir, { recursive: true, force: true })
})

describe('createAppLogger', () => {
  it('writes each event to the log file, creating its folder, readable by the user only', () => {
    const file = path.join(dir, 'logs', 'main.log')
    const logger = createAppLogger({ file, minimum: undefined, echo: false })
    logger.info('realtime: state', { state: 'connected' })
    logger.error('start-up failed', { error: 'boom' })
    const lines = readFileSync(file, 'utf8').trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info realtime: state \{"state":"connected"\}$/)
    expect(lines[1]).toMatch(/ error start-up failed \{"error":"boom"\}$/)
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('never lets a token reach the file, in the message or in a field', () => {
    const file = path.join(dir, 'logs', 'main.log')
    const logger = createAppLogger({ file, minimum: 'debug', echo: true })
    logger.warn(`api: refused Bearer ${OPAQUE_TOKEN} for ${JWT}`)
    logger.info('session: refreshed', { access_token: OPAQUE_TOKEN, nested: { refreshToken: OPAQUE_TOKEN, note: `id ${JWT}` } })
    const text = readFileSync(file, 'utf8')
    expect(text).not.toContain(OPAQUE_TOKEN)
    expect(text).not.toContain(JWT)
    expect(text).toContain('Bearer [redacted]')
    expect(text).toContain('"access_token":"[redacted]"')
    // stderr gets the same masked lines.
    const printed = vi.mocked(console.error).mock.calls.map((call) => String(call[0])).join('\n')
    expect(printed).toContain('session: refreshed')
    expect(printed).not.toContain(OPAQUE_TOKEN)
    expect(printed).not.toContain(JWT)
  })

  it('keeps below-threshold events out of the file: info by default, SHOUTIT_LOG_LEVEL otherwise', () => {
    const quietFile = path.join(dir, 'quiet.log')
    const quiet = createAppLogger({ file: quietFile, minimum: 'not-a-level', echo: false })
    quiet.debug('details')
    quiet.info('shown')
    expect(readFileSync(quietFile, 'utf8')).not.toContain('details')

    const verboseFile = path.join(dir, 'verbose.log')
    const verbose = createAppLogger({ file: verboseFile, minimum: 'debug', echo: false })
    verbose.debug('details')
    expect(readFileSync(verboseFile, 'utf8')).toContain('debug details')

    const errorsFile = path.join(dir, 'errors.log')
    const errorsOnly = createAppLogger({ file: errorsFile, minimum: 'error', echo: false })
    errorsOnly.warn('a warning')
    errorsOnly.error('an error')
    expect(readFileSync(errorsFile, 'utf8').trim().split('\n')).toEqual([expect.stringMatching(/ error an error$/)])
  })

  it('prints to stderr only when asked', () => {
    createAppLogger({ file: path.join(dir, 'a.log'), echo: false }).info('silent')
    expect(console.error).not.toHaveBeenCalled()
    createAppLogger({ file: path.join(dir, 'b.log'), echo: true }).info('loud')
    expect(console.error).toHaveBeenCalledWith(expect.stringMatching(/ info loud$/))
  })
})
