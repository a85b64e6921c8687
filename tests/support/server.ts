// Starts the reference server for a test: port 0 on loopback, a fresh temporary data
// directory, quiet logs. stop() closes it and deletes the directory (unless kept for a
// restart test, which passes the same dataDir to a second startTestServer).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_OAUTH_CLIENT, TokenResponseSchema, type TokenResponse } from '../../common/api'
import { DEMO_ACCOUNTS, startServer, type RunningServer, type ServerOptions } from '../../server/src/index'

export { DEMO_ACCOUNTS }

export interface TestServer extends RunningServer {
  /** `${url}/v3` */
  api: string
  /** Closes the server; deletes its data directory unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<void>
}

export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'shoutit-server-test-'))
  const server = await startServer({ port: 0, host: '127.0.0.1', ...options, dataDir })
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
export async function signIn(server: Pick<RunningServer, 'url'>, login: string, password?: string): Promise<TokenResponse> {
  const account = DEMO_ACCOUNTS.find((candidate) => candidate.username === login || candidate.email === login)
  const response = await fetch(`${server.url}/v3/oauth2/access_token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      client_id: DEFAULT_OAUTH_CLIENT.clientId,
      client_secret: DEFAULT_OAUTH_CLIENT.clientSecret,
      grant_type: 'shoutit_login',
      email: login,
      password: password ?? account?.password
    })
  })
  if (!response.ok) throw new Error(`sign-in of ${login} failed: ${response.status} ${await response.text()}`)
  return TokenResponseSchema.parse(await response.json())
}
