// Where clients should find this server and its realtime service, as seen from the request
// that asks: behind a proxy the public URL, otherwise the address the client used (so a
// LAN client told "connect to 192.168.1.5" is not sent to 127.0.0.1).
import type { IncomingMessage } from 'node:http'
import type { PusherConfig } from '../../../common/api'
import type { PusherEndpoint } from '../realtime/publisher'

export interface ClientAddressSettings {
  /** Where the server listens, e.g. http://127.0.0.1:8080. */
  listenUrl: string
  publicUrl: string | undefined
  pusherKey: string
  /** Set when realtime runs elsewhere (Pusher's hosted service or a compatible server). */
  externalRealtime: PusherEndpoint | undefined
}

const HOST_HEADER = /^[A-Za-z0-9.\-_[\]:]{1,300}$/

export function clientAddress(settings: ClientAddressSettings): {
  baseUrl(req: IncomingMessage): string
  pusherConfig(req: IncomingMessage): PusherConfig
} {
  const publicUrl = settings.publicUrl?.replace(/\/+$/, '')
  const baseUrl = (req: IncomingMessage): string => {
    if (publicUrl) return publicUrl
    const host = req.headers.host
    return host && HOST_HEADER.test(host) ? `http://${host}` : settings.listenUrl
  }
  const pusherConfig = (req: IncomingMessage): PusherConfig => {
    const external = settings.externalRealtime
    if (external) {
      if (external.cluster) return { key: settings.pusherKey, host: `ws-${external.cluster}.pusher.com`, port: 443, tls: true, cluster: external.cluster }
      return { key: settings.pusherKey, host: external.host, port: external.port, tls: external.useTLS }
    }
    let reached: URL
    try {
      reached = new URL(baseUrl(req))
    } catch {
      reached = new URL(settings.listenUrl)
    }
    const tls = reached.protocol === 'https:'
    const port = reached.port ? Number(reached.port) : tls ? 443 : 80
    return { key: settings.pusherKey, host: reached.hostname.replace(/^\[|\]$/g, ''), port, tls }
  }
  return { baseUrl, pusherConfig }
}
