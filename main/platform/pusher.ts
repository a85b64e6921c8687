// The realtime transport: pusher-js's Node build (package "main"), which brings its own
// WebSocket client, so it runs in Electron's main process and in plain Node tests alike.
// Authorisation goes through main's API client: the OAuth token never leaves main.
//
// That WebSocket client (faye-websocket) opens its own TCP connection and knows nothing of
// the system's proxy settings, and pusher-js gives no option to pass it any. It does take
// an HTTP proxy (CONNECT, then TLS to the server through the tunnel) as a constructor
// option, so the one place pusher-js creates sockets, its runtime's createWebSocket, is
// replaced by one that adds the proxy chosen for that server (see proxy.ts for the choice).
import Pusher from 'pusher-js'
import { pusherClientOptions } from '../../common/pusher-options'
import type { PusherClientOptions, PusherLike } from '../services/core/platform'

export interface RealtimeTransportOptions {
  /** An HTTP(S) proxy's origin (`http://host:port`), or undefined to connect directly. */
  proxy?: string | undefined
}

type WebSocketClass = new (url: string, protocols?: unknown, options?: { proxy?: { origin: string } }) => unknown
interface NodeRuntime {
  createWebSocket(url: string): unknown
  getWebSocketAPI(): WebSocketClass
}

/** host:port of a realtime server → the proxy its sockets go through. */
const proxies = new Map<string, string>()
let socketFactoryInstalled = false

/** The realtime server's address with the given scheme (http/https to ask for its proxy). */
export function realtimeUrl(server: Pick<PusherClientOptions, 'host' | 'port'>, scheme: 'ws' | 'wss' | 'http' | 'https'): string {
  const host = server.host.includes(':') && !server.host.startsWith('[') ? `[${server.host}]` : server.host
  return `${scheme}://${host}:${server.port}/`
}

function serverKey(url: string): string {
  const parsed = new URL(url)
  const port = parsed.port || (parsed.protocol === 'wss:' || parsed.protocol === 'https:' ? '443' : '80')
  return `${parsed.hostname.toLowerCase()}:${port}`
}

function installSocketFactory(): void {
  if (socketFactoryInstalled) return
  socketFactoryInstalled = true
  const runtime = (Pusher as unknown as { Runtime: NodeRuntime }).Runtime
  runtime.createWebSocket = function createWebSocket(this: NodeRuntime, url: string) {
    const WebSocket = runtime.getWebSocketAPI()
    const proxy = proxies.get(serverKey(url))
    return proxy === undefined ? new WebSocket(url) : new WebSocket(url, [], { proxy: { origin: proxy } })
  }
}

export function createNodePusher(options: PusherClientOptions, transport: RealtimeTransportOptions = {}): PusherLike {
  installSocketFactory()
  const key = serverKey(realtimeUrl(options, options.tls ? 'wss' : 'ws'))
  if (transport.proxy === undefined) proxies.delete(key)
  else proxies.set(key, transport.proxy)
  return new Pusher(options.key, pusherClientOptions(options, options.authorize)) as unknown as PusherLike
}
