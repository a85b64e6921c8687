// The realtime connection through an HTTP proxy: pusher-js's Node build, given the proxy the
// system would use, opens its socket with CONNECT through it (a real proxy on loopback), and
// nothing reaches the server another way: while the proxy refuses, realtime stays down.
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createProxy, type ProxyServer } from 'proxy'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { composeMain, type MainHandle } from '../../../main/compose'
import { createNodePusher } from '../../../main/platform/pusher'
import { createTestPlatform } from '../../support/platform/platform'
import { jsonFileStores } from '../../support/platform/stores'
import { DEMO_ACCOUNTS, startTestServer, type TestServer } from '../../support/server'

const SENDER = 1
let server: TestServer
let proxy: ProxyServer
let proxyOrigin: string
let clientDataDir: string
let main: MainHandle | undefined
const connects: string[] = []
let allow = false

async function waitFor(probe: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

beforeAll(async () => {
  server = await startTestServer()
  clientDataDir = mkdtempSync(path.join(tmpdir(), 'shoutit-proxy-client-'))
  proxy = createProxy(http.createServer())
  proxy.on('connect', (request: http.IncomingMessage) => connects.push(request.url ?? ''))
  // Refusing (407) until the test allows it: proves the socket has no other way through.
  proxy.authenticate = () => allow
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  proxyOrigin = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
})

afterAll(async () => {
  await main?.dispose()
  proxy?.closeAllConnections()
  await new Promise((resolve) => proxy?.close(resolve))
  await server?.stop()
  if (clientDataDir) rmSync(clientDataDir, { recursive: true, force: true })
})

it('connects through the proxy with CONNECT, and not at all while the proxy refuses', async () => {
  const platform = createTestPlatform({
    createStore: jsonFileStores(clientDataDir),
    localServerUrl: server.url,
    // What electron-platform.ts does with the proxy session.resolveProxy() names.
    createPusher: async (options) => createNodePusher(options, { proxy: proxyOrigin })
  })
  main = composeMain(platform)
  await main.ready
  const alice = DEMO_ACCOUNTS.find((account) => account.username === 'alice')!
  expect(await main.ipc.invoke(SENDER, 'session:signIn', { login: alice.email, password: alice.password })).toMatchObject({ ok: true })
  const realtime = main.services.realtime
  const serverAddress = new URL(server.url).host

  await waitFor(() => connects.length > 0, 'a CONNECT at the proxy')
  expect(connects[0]).toBe(serverAddress)
  // Refused by the proxy: no connection, though the server itself is right there.
  await new Promise((resolve) => setTimeout(resolve, 1_500))
  expect(realtime.state().state).not.toBe('connected')
  expect(server.realtimeConnectionsOf(main.services.session.profile!.id)).toBe(0)

  allow = true
  await realtime.reconnect()
  await waitFor(() => realtime.state().state === 'connected', 'realtime connected through the proxy')
  await waitFor(() => server.realtimeConnectionsOf(main!.services.session.profile!.id) === 1, 'the presence subscription')
  expect(new Set(connects)).toEqual(new Set([serverAddress]))
}, 30_000)

it('connects directly when no proxy is given (the socket factory only adds one when asked)', async () => {
  await main?.dispose()
  const before = connects.length
  const platform = createTestPlatform({ createStore: jsonFileStores(clientDataDir), localServerUrl: server.url })
  main = composeMain(platform)
  await main.ready
  const bob = DEMO_ACCOUNTS.find((account) => account.username === 'bob')!
  expect(await main.ipc.invoke(SENDER, 'session:signIn', { login: bob.email, password: bob.password })).toMatchObject({ ok: true })
  await waitFor(() => main!.services.realtime.state().state === 'connected', 'realtime connected directly')
  expect(connects.length).toBe(before)
}, 30_000)
