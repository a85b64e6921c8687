import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../../server/src/storage/database'
import { UserStore } from '../../../server/src/storage/users'
import { VideoClientStore } from '../../../server/src/storage/videoClients'
import { createP2pMinter } from '../../../server/src/video/tokenMinters'
import { VideoClients } from '../../../server/src/video/videoClients'

const HOUR = 3600
let dir: string
let db: Database
let now: number
let clients: VideoClients

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shoutit-video-'))
  db = openDatabase(dir)
  now = 1_900_000_000
  const users = new UserStore(db)
  for (const id of ['u1', 'u2']) {
    users.insert({ id, username: id, email: null, name: id, firstName: id, lastName: '', image: null, passwordHash: null, isGuest: false, dateJoined: now })
  }
  const minter = createP2pMinter({ issuer: 'iss', subject: 'sub', secret: 'secret' })
  clients = new VideoClients(new VideoClientStore(db), minter, { ttlSeconds: 24 * HOUR, remintRemainderSeconds: 4 * HOUR }, () => now)
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('VideoClients', () => {
  it('reuses a token while more than the remainder is left', () => {
    const first = clients.tokenFor('u1')
    expect(first.reminted).toBe(true)
    now += 20 * HOUR - 1
    const again = clients.tokenFor('u1')
    expect(again).toEqual({ client: first.client, reminted: false })
  })

  it('re-mints with a new identity at the remainder; the old identity resolves until it expires', () => {
    const first = clients.tokenFor('u1').client
    now += 20 * HOUR + 1
    const second = clients.tokenFor('u1').client
    expect(second.identity).not.toBe(first.identity)
    expect(second.expiresAt).toBe(now + 24 * HOUR)
    expect(clients.resolve(first.identity)?.userId).toBe('u1')
    now = first.expiresAt
    expect(clients.resolve(first.identity)).toBeUndefined()
    expect(clients.resolve(second.identity)?.userId).toBe('u1')
  })

  it("gives a callee's identity without re-minting, creating a client when there is none", () => {
    const identity = clients.identityOf('u2')
    expect(clients.identityOf('u2')).toBe(identity)
    expect(clients.tokenFor('u2').client.identity).toBe(identity)
    now += 23 * HOUR
    expect(clients.identityOf('u2')).toBe(identity)
    now += 2 * HOUR
    expect(clients.identityOf('u2')).not.toBe(identity)
  })
})
