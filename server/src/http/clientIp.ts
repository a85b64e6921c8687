// Who sent a request, for throttling and logs. X-Forwarded-For is anyone's to write, so it is
// believed only as far as it was appended by proxies we trust: proxy-addr walks the chain from
// the socket peer leftwards and stops at the first hop outside the trusted list. With no
// trusted proxies the header is ignored and the socket peer is the client.
import type { IncomingMessage } from 'node:http'
import ipaddr from 'ipaddr.js'
import proxyAddr from 'proxy-addr'

export type ClientIpResolver = (req: IncomingMessage) => string

/**
 * `trusted`: IP addresses, CIDR ranges or proxy-addr's names (loopback, linklocal,
 * uniquelocal). Throws on anything else, so a typo fails at start-up instead of trusting nothing.
 */
export function clientIpResolver(trusted: readonly string[]): ClientIpResolver {
  let trust: (address: string, hop: number) => boolean
  try {
    trust = proxyAddr.compile([...trusted])
  } catch (error) {
    throw new Error(`trust proxy: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
  return (req) => {
    // A destroyed socket has no peer address; proxy-addr would then return undefined.
    if (req.socket.remoteAddress === undefined) return 'unknown'
    return proxyAddr(req, trust)
  }
}

/** Parses a comma-separated --trust-proxy value; empty entries are an error, not "trust nothing". */
export function parseTrustedProxies(value: string): string[] {
  const entries = value.split(',').map((entry) => entry.trim())
  if (entries.some((entry) => entry === '')) throw new Error('--trust-proxy must be a comma-separated list of addresses or CIDR ranges')
  clientIpResolver(entries)
  return entries
}

/**
 * The key an address is counted under: an IPv4 client by its address (also when it arrives
 * as ::ffff:a.b.c.d), an IPv6 client by its /64, since one subscriber usually holds a whole
 * /64 and could otherwise step to a fresh address per attempt.
 */
export function throttleKey(address: string): string {
  if (!ipaddr.isValid(address)) return address
  const parsed = ipaddr.parse(address)
  if (parsed.kind() === 'ipv4') return parsed.toString()
  const v6 = parsed as ipaddr.IPv6
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString()
  return `${new ipaddr.IPv6([...v6.parts.slice(0, 4), 0, 0, 0, 0]).toString()}/64`
}
