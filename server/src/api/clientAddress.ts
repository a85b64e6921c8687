// Where clients should find this server and its realtime service: the public URL when one is
// set (behind a proxy), otherwise the address the server listens on. Never the request's Host
// header: anyone can write one, and it would be copied into client_config and pagination links.
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os'
import type { PusherConfig } from '../../../common/api'
import type { PusherEndpoint } from '../realtime/publisher'

export interface ClientAddressSettings {
  /** The address the server listens on (`--host`) and the port it bound. */
  host: string
  port: number
  publicUrl: string | undefined
  pusherKey: string
  /** Set when realtime runs elsewhere (Pusher's hosted service or a compatible server). */
  externalRealtime: PusherEndpoint | undefined
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]', ''])

const hostForUrl = (host: string): string => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host)

/**
 * A wildcard listen address names no machine a client could reach; the machine's first external
 * address (IPv4 preferred) is the one a LAN client most likely uses. Loopback when it has none.
 */
export function reachableHost(host: string, interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string {
  if (!WILDCARD_HOSTS.has(host)) return host
  const external = Object.values(interfaces)
    .flatMap((entries) => entries ?? [])
    .filter((entry) => !entry.internal)
  const ipv4 = external.find((entry) => entry.family === 'IPv4')
  const ipv6 = external.find((entry) => entry.family === 'IPv6' && !entry.address.startsWith('fe80:'))
  return ipv4?.address ?? ipv6?.address ?? '127.0.0.1'
}

/** The base URL clients are told (client_config, pagination links): `--public-url`, else the listen address. */
export function advertisedUrl(host: string, port: number, publicUrl: string | undefined, interfaces?: NodeJS.Dict<NetworkInterfaceInfo[]>): string {
  const trimmed = publicUrl?.replace(/\/+$/, '')
  if (trimmed) return trimmed
  return `http://${hostForUrl(reachableHost(host, interfaces))}:${port}`
}

export function clientAddress(settings: ClientAddressSettings): { baseUrl: string; pusherConfig: PusherConfig } {
  const baseUrl = advertisedUrl(settings.host, settings.port, settings.publicUrl)
  const external = settings.externalRealtime
  if (external) {
    const pusherConfig: PusherConfig = external.cluster
      ? { key: settings.pusherKey, host: `ws-${external.cluster}.pusher.com`, port: 443, tls: true, cluster: external.cluster }
      : { key: settings.pusherKey, host: external.host, port: external.port, tls: external.useTLS }
    return { baseUrl, pusherConfig }
  }
  const reached = new URL(baseUrl)
  const tls = reached.protocol === 'https:'
  const port = reached.port ? Number(reached.port) : tls ? 443 : 80
  return { baseUrl, pusherConfig: { key: settings.pusherKey, host: reached.hostname.replace(/^\[|\]$/g, ''), port, tls } }
}
