// The renderer's Content-Security-Policy, built per response because the server (and so
// what the page may connect to) can change at runtime. Pure: no electron import, tested in Node.

/** What twilio-video reaches from the page: signalling (any region) and the insights gateway. */
export const TWILIO_CONNECT_SOURCES = ['wss://global.vss.twilio.com', 'wss://*.vss.twilio.com', 'wss://sdkgw.us1.twilio.com'] as const

export interface CspInput {
  /** The selected API server, e.g. http://127.0.0.1:8787. */
  serverUrl: string
  /** The realtime endpoint the p2p engine opens from the page (from client_config), when known. */
  realtime?: { host: string; port: number; tls: boolean }
  /** The Janus WebSocket API the janus engine opens from the page (from the video token), when known. */
  janusUrl?: string
}

export function contentSecurityPolicy({ serverUrl, realtime, janusUrl }: CspInput): string {
  const server = new URL(serverUrl)
  const connect = new Set<string>(["'self'", server.origin, ...TWILIO_CONNECT_SOURCES])
  // The page talks to the realtime endpoint over WebSockets; its HTTP origin covers nothing there.
  connect.add(`${server.protocol === 'https:' ? 'wss' : 'ws'}://${server.host}`)
  if (realtime) connect.add(`${realtime.tls ? 'wss' : 'ws'}://${bracketIpv6(realtime.host)}:${realtime.port}`)
  // Its origin alone (scheme, host, port): a path in a CSP source would allow only that path.
  const janus = janusUrl ? websocketOrigin(janusUrl) : undefined
  if (janus) connect.add(janus)
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    // 'wasm-unsafe-eval' lets the microphone's RNNoise worklet compile its WebAssembly (served
    // from 'self'); it allows no JavaScript eval.
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:', server.origin, 'https:'],
    'media-src': ["'self'", 'blob:', 'mediastream:'],
    'font-src': ["'self'"],
    'connect-src': [...connect],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"]
  }
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ')
}

/** ws(s)://host[:port] of a WebSocket URL; undefined for anything else, which then allows nothing. */
function websocketOrigin(url: string): string | undefined {
  try {
    const parsed = new URL(url)
    if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') return undefined
    return `${parsed.protocol}//${parsed.host}`
  } catch {
    return undefined
  }
}

function bracketIpv6(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
}
