// Starts the reference server for a test: port 0 on loopback, a fresh temporary data
// directory, quiet logs, cheap password hashing. stop() closes it and deletes the directory
// (unless kept for a restart test, which passes the same dataDir to a second startTestServer).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TokenResponse } from '../../common/api'
import { DEMO_ACCOUNTS, startServer, type RunningServer, type ServerOptions } from '../../server/src/index'
import { signIn as signInAt } from '../../server/tools/api-client'

export { DEMO_ACCOUNTS }

export interface TestServer extends RunningServer {
  /** `${url}/v3` */
  api: string
  /** Closes the server; deletes its data directory unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<void>
}

/** scrypt at a fraction of the production cost: tests sign in often and check behaviour, not strength. */
export const TEST_SCRYPT_COST = { N: 1024, r: 8, p: 1 }

export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'shoutit-server-test-'))
  const server = await startServer({ port: 0, host: '127.0.0.1', scryptCost: TEST_SCRYPT_COST, ...options, dataDir })
  return {
    ...server,
    api: `${server.url}/v3`,
    async stop({ keepData = false } = {}) {
      await server.close()
      if (!keepData) rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

/** Signs a demo (or any) account in with the desktop client's OAuth client. */
export function signIn(server: Pick<RunningServer, 'url'>, login: string, password?: string): Promise<TokenResponse> {
  return signInAt(server.url, login, password)
}
