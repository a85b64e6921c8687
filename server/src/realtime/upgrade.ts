// WebSocket upgrades at /app/<key> (Pusher's path) become hub connections; anything else
// on the port that asks to upgrade gets a plain 404.
import type { Server } from 'node:http'
import { WebSocketServer } from 'ws'
import type { RealtimeHub } from './hub'
import { ErrorCodes, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION } from './protocol'

/** Pusher's own limit is 10 KB per message; p2p signalling gets some headroom. */
const MAX_FRAME_BYTES = 64 * 1024

export function acceptRealtimeUpgrades(httpServer: Server, hub: RealtimeHub, appKey: string): void {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: MAX_FRAME_BYTES, clientTracking: false })
  httpServer.on('upgrade', (req, socket, head) => {
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://localhost')
    } catch {
      url = new URL('http://localhost/')
    }
    const match = /^\/app\/([^/]+)$/.exec(url.pathname)
    if (!match) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    socket.on('error', () => socket.destroy())
    wss.handleUpgrade(req, socket, head, (ws) => {
      // Pusher connects first and refuses in-band, so the client learns why from the close code.
      if (match[1] !== encodeURIComponent(appKey)) return hub.refuse(ws, ErrorCodes.appDoesNotExist, 'App key not in this cluster')
      const protocol = Number(url.searchParams.get('protocol') ?? PROTOCOL_VERSION)
      if (!(protocol >= MIN_PROTOCOL_VERSION && protocol <= PROTOCOL_VERSION)) {
        return hub.refuse(ws, ErrorCodes.unsupportedProtocol, `Unsupported protocol version ${url.searchParams.get('protocol')}`)
      }
      hub.accept(ws)
    })
  })
}
