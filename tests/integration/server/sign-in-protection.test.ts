// Sign-in protection against a real server on loopback: a flood of failures can throttle the
// address it comes from, never a real user's correct sign-in from elsewhere; X-Forwarded-For
// is believed only through a trusted proxy; account creation is capped per address; weak
// password hashes are replaced on sign-in; and the throttles hold across two servers started
// on one PostgreSQL database. Client addresses are simulated with X-Forwarded-For through the
// loopback peer, which these servers trust.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLoginThrottle } from '../../../server/src/auth/loginThrottle'
import { openStorage } from '../../../server/src/storage/storage'
import { postgresAvailable } from '../../support/postgres-cluster'
import { DEMO_ACCOUNTS, startTestServer, stopTestPostgres, storeKinds, testDatabaseUrl, type TestServer } from '../../support/server'
import { expectError, grant, grantOk } from './http'

afterAll(stopTestPostgres)

const alice = DEMO_ACCOUNTS[0]!
const from = (address: string): Record<string, string> => ({ 'X-Forwarded-For': address })
const login = (server: TestServer, email: string, password: string, address: string) =>
  grant(server.url, { grant_type: 'shoutit_login', email, password }, from(address))

describe('a flood of failed sign-ins does not lock a real user out', () => {
  let server: TestServer
  beforeAll(async () => {
    // Default throttle settings: 10 failures in a row per name and address, 100 per address a day.
    server = await startTestServer({ trustProxy: ['loopback'] })
  })
  afterAll(() => server.stop())

  it('100 failures for unknown accounts from one address: that address is throttled, alice elsewhere signs in', async () => {
    const attacker = '203.0.113.7'
    for (let i = 0; i < 100; i++) {
      expectError(await login(server, `ghost-${i}@example.com`, 'guess', attacker), 400, 'invalid', 'password')
    }
    const next = await login(server, 'ghost-100@example.com', 'guess', attacker)
    expectError(next, 429, 'throttled')
    expect(Number(next.headers.get('retry-after'))).toBeGreaterThan(3600)
    // The attacker's address is blocked even for a correct password…
    expectError(await login(server, alice.email, alice.password, attacker), 429, 'throttled')
    // …but alice, from her own address, is not.
    await grantOk(server.url, { grant_type: 'shoutit_login', email: alice.email, password: alice.password }, from('198.51.100.20'))
  })

  it("failures against alice's own account from an attacker's address do not stop alice at home", async () => {
    const attacker = '203.0.113.8'
    const statuses: number[] = []
    for (let i = 0; i < 30; i++) statuses.push((await login(server, 'alice', `guess-${i}`, attacker)).status)
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400))
    expect(statuses.slice(10)).toEqual(Array(20).fill(429))
    expectError(await login(server, 'alice', alice.password, attacker), 429, 'throttled')
    await grantOk(server.url, { grant_type: 'shoutit_login', email: 'alice', password: alice.password }, from('198.51.100.21'))
  })
})

describe('timing', () => {
  it('an unknown account takes as long to refuse as a wrong password (the same scrypt work)', async () => {
    // A cost high enough that scrypt, not HTTP, dominates each attempt.
    const server = await startTestServer({ scryptCost: { N: 16384, r: 8, p: 1 } })
    try {
      const timed = async (email: string): Promise<number> => {
        const started = performance.now()
        expectError(await grant(server.url, { grant_type: 'shoutit_login', email, password: 'wrong-password' }), 400, 'invalid', 'password')
        return performance.now() - started
      }
      const unknown: number[] = []
      const wrong: number[] = []
      // Alternating, and under the 10-in-a-row allowance for each name.
      for (let i = 0; i < 7; i++) {
        unknown.push(await timed(`ghost-${i}@example.com`))
        wrong.push(await timed(i % 2 === 0 ? 'alice' : 'bob'))
      }
      const median = (values: number[]): number => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!
      // Without the stand-in hash an unknown account is answered tens of times faster.
      expect(median(unknown) / median(wrong)).toBeGreaterThan(0.5)
      expect(median(unknown) / median(wrong)).toBeLessThan(2)
    } finally {
      await server.stop()
    }
  })
})

describe('X-Forwarded-For', () => {
  const tightThrottle = { failuresPerAddress: 3, failuresPerAccountAndAddress: 100 }

  it('is ignored without trusted proxies: spoofed addresses still count against the real peer', async () => {
    const server = await startTestServer({ loginThrottle: tightThrottle })
    try {
      const statuses: number[] = []
      for (let i = 0; i < 4; i++) statuses.push((await login(server, `nobody-${i}`, 'guess', `192.0.2.${i + 1}`)).status)
      expect(statuses).toEqual([400, 400, 400, 429])
    } finally {
      await server.stop()
    }
  })

  it('through a trusted proxy, names the hop the proxy saw: entries a client prepends change nothing', async () => {
    const server = await startTestServer({ trustProxy: ['127.0.0.1', '::1'], loginThrottle: tightThrottle })
    try {
      const statuses: number[] = []
      for (let i = 0; i < 4; i++) {
        // The client wrote "192.0.2.x"; the trusted proxy appended the address it really saw.
        statuses.push((await login(server, `nobody-${i}`, 'guess', `192.0.2.${i + 1}, 203.0.113.50`)).status)
      }
      expect(statuses).toEqual([400, 400, 400, 429])
      expectError(await login(server, 'nobody', 'guess', '203.0.113.51'), 400, 'invalid', 'password')
    } finally {
      await server.stop()
    }
  })

  it('refuses a malformed trusted-proxy list at start-up', async () => {
    await expect(startTestServer({ trustProxy: ['10.0.0.0/33'] })).rejects.toThrow(/trust proxy/)
  })
})

describe('account creation', () => {
  it('caps guests and sign-ups per address with 429 throttled and Retry-After', async () => {
    const server = await startTestServer({ trustProxy: ['loopback'], loginThrottle: { accountsPerAddress: 2 } })
    try {
      await grantOk(server.url, { grant_type: 'shoutit_guest' }, from('203.0.113.20'))
      await grantOk(server.url, { grant_type: 'shoutit_signup', name: 'Eve', email: 'eve@example.com', password: 'secret1' }, from('203.0.113.20'))
      const third = await grant(server.url, { grant_type: 'shoutit_guest' }, from('203.0.113.20'))
      expectError(third, 429, 'throttled', 'grant_type')
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(3000)
      expectError(
        await grant(server.url, { grant_type: 'shoutit_signup', name: 'Eve', email: 'eve2@example.com', password: 'secret1' }, from('203.0.113.20')),
        429,
        'throttled'
      )
      await grantOk(server.url, { grant_type: 'shoutit_guest' }, from('203.0.113.21'))
    } finally {
      await server.stop()
    }
  })
})

describe.each(storeKinds())('password hashes (%s store)', (store) => {
  /** Reads a stored hash through a storage of its own, as another instance would. */
  const storedHash = async (server: TestServer, username: string): Promise<string> => {
    const storage = await openStorage({ dataDir: server.dataDir, databaseUrl: server.databaseUrl })
    try {
      const hash = (await storage.users.byUsername(username))?.passwordHash
      if (!hash) throw new Error(`${username} has no password hash`)
      return hash
    } finally {
      await storage.close()
    }
  }

  it('a hash weaker than the current cost is verified, then replaced by one at the current cost', async () => {
    const weak = await startTestServer({ store, scryptCost: { N: 1024, r: 8, p: 1 } })
    await weak.stop({ keepData: true })
    const weakHash = await storedHash(weak, 'alice')
    expect(weakHash.split('$').slice(1, 4)).toEqual(['1024', '8', '1'])

    const current = await startTestServer({ dataDir: weak.dataDir, databaseUrl: weak.databaseUrl, scryptCost: { N: 2048, r: 8, p: 1 } })
    try {
      await grantOk(current.url, { grant_type: 'shoutit_login', email: 'alice', password: alice.password })
      const rehashed = await storedHash(current, 'alice')
      expect(rehashed.split('$').slice(1, 4)).toEqual(['2048', '8', '1'])
      // The new hash still opens the account; a wrong password does not, and bob (not signed in) keeps his.
      await grantOk(current.url, { grant_type: 'shoutit_login', email: 'alice', password: alice.password })
      expect(await storedHash(current, 'alice')).toBe(rehashed)
      expectError(await grant(current.url, { grant_type: 'shoutit_login', email: 'alice', password: 'wrong' }), 400, 'invalid')
      expect((await storedHash(current, 'bob')).split('$')[1]).toBe('1024')
    } finally {
      await current.stop()
    }
  })
})

describe.runIf(postgresAvailable() || process.env.CI)('throttles shared through PostgreSQL', () => {
  let servers: TestServer[]
  /** The pool an instance's throttles count in, as start-up chose it from the database URL. */
  const poolOf = (server: TestServer): pg.Pool => {
    const store = server.rateLimiterStore
    if (store.kind !== 'postgres') throw new Error(`expected the throttles in PostgreSQL, found ${store.kind}`)
    return store.pool
  }

  beforeAll(async () => {
    // Two instances on one database URL, started at once, as two machines would be: nothing
    // but the URL tells them to share their throttles.
    const databaseUrl = testDatabaseUrl()
    servers = await Promise.all(
      [0, 1].map(() => startTestServer({ databaseUrl, trustProxy: ['loopback'], loginThrottle: { failuresPerAccountAndAddress: 4, failuresPerAddress: 6 } }))
    )
  }, 60_000)
  afterAll(async () => {
    await Promise.all((servers ?? []).map((server) => server.stop()))
  })

  it('failures counted by one instance throttle the other; alice elsewhere still signs in on both', async () => {
    const [a, b] = servers as [TestServer, TestServer]
    expect(poolOf(a)).not.toBe(poolOf(b))
    const attacker = '203.0.113.30'
    // Alternate instances: each alone has seen too few failures to block.
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) statuses.push((await login(i % 2 === 0 ? a : b, 'alice', `guess-${i}`, attacker)).status)
    expect(statuses).toEqual([400, 400, 400, 400, 429])
    expectError(await login(a, 'alice', alice.password, attacker), 429, 'throttled')
    expectError(await login(b, 'alice', alice.password, attacker), 429, 'throttled')
    await grantOk(a.url, { grant_type: 'shoutit_login', email: 'alice', password: alice.password }, from('198.51.100.30'))
    await grantOk(b.url, { grant_type: 'shoutit_login', email: 'alice', password: alice.password }, from('198.51.100.31'))
  })

  it('starts when another instance created the shared table at the same moment', async () => {
    const pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 10 })
    // What PostgreSQL answers the loser of two concurrent CREATE TABLE IF NOT EXISTS.
    let refused = 0
    const query = pool.query.bind(pool) as (config: unknown) => Promise<unknown>
    pool.query = ((config: unknown) => {
      const text = typeof config === 'string' ? config : (config as { text?: string }).text
      if (text?.includes('CREATE TABLE') && refused === 0) {
        refused++
        return Promise.reject(Object.assign(new Error('relation already exists'), { code: '42P07' }))
      }
      return query(config)
    }) as typeof pool.query
    try {
      const throttles = await Promise.all(Array.from({ length: 4 }, () => createLoginThrottle({ kind: 'postgres', pool })))
      expect(refused).toBe(1)
      await throttles[0]!.recordFailure('alice', '203.0.113.40')
      const rows = await pool.query<{ n: string }>('SELECT count(*) AS n FROM shoutit_rate_limits')
      expect(Number(rows.rows[0]!.n)).toBe(2)
    } finally {
      await pool.end()
    }
  })

  it('counts one address across instances and names', async () => {
    const [a, b] = servers as [TestServer, TestServer]
    const statuses: number[] = []
    for (let i = 0; i < 7; i++) statuses.push((await login(i % 2 === 0 ? a : b, `ghost-${i}`, 'guess', '203.0.113.31')).status)
    expect(statuses).toEqual([400, 400, 400, 400, 400, 400, 429])
    const rows = await poolOf(b).query<{ n: string }>('SELECT count(*) AS n FROM shoutit_rate_limits')
    expect(Number(rows.rows[0]!.n)).toBeGreaterThan(0)
  })
})
