// Which proxy the realtime connection uses. Chromium knows the system's proxy settings
// (and PAC scripts, and --proxy-server): session.resolveProxy(url) answers in PAC form,
// e.g. "PROXY proxy.corp:3128; DIRECT". The realtime socket can go through an HTTP or HTTPS
// proxy (CONNECT); SOCKS is not supported by its WebSocket client, so such an answer falls
// back to the next entry, or to a direct connection, and says why.
export type ProxyChoice = { kind: 'direct' } | { kind: 'proxy'; origin: string } | { kind: 'unsupported'; entry: string }

export function proxyFromPac(pac: string): ProxyChoice {
  let unsupported: string | undefined
  for (const raw of pac.split(';')) {
    const entry = raw.trim()
    if (entry === '') continue
    const [type = '', address = ''] = entry.split(/\s+/, 2)
    switch (type.toUpperCase()) {
      case 'DIRECT':
        return unsupported === undefined ? { kind: 'direct' } : { kind: 'unsupported', entry: unsupported }
      case 'PROXY':
      case 'HTTP':
        if (validAddress(address)) return { kind: 'proxy', origin: `http://${address}` }
        break
      case 'HTTPS':
        if (validAddress(address)) return { kind: 'proxy', origin: `https://${address}` }
        break
      default:
        unsupported ??= entry
    }
  }
  return unsupported === undefined ? { kind: 'direct' } : { kind: 'unsupported', entry: unsupported }
}

/** host:port (or [v6]:port), as PAC results give them. */
const ADDRESS = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+):(\d{1,5})$/i

function validAddress(address: string): boolean {
  const match = ADDRESS.exec(address)
  return match !== null && Number(match[2]) > 0 && Number(match[2]) <= 65535
}
