// WebSocket upgrades at /app/<key> (Pusher's path) become hub connections; anything else
// on the port that asks to upgrade gets a plain 404.
import type { IncomingMessage, Server } from 'node:http'
import { WebSocket, WebSocketServer } from 'ws'
import type { RealtimeHub } from './hub'
import { HARD_FRAME_LIMIT_BYTES } from './limits'
import { ErrorCodes, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, encodeFrame } from './protocol'

/** WebSocket's "message too big" close, which ws sends by itself for a frame over maxPayload. */
const MESSAGE_TOO_BIG = 1009

/**
 * A WebSocket that says why before ws closes it for an oversized frame: the protocol puts a
 * pusher:error before every close, and ws gives no other hook ahead of its close frame.
 */
class PusherSocket extends WebSocket {
  override close(code?: number, reason?: string | Buffer): void {
    if (code === MESSAGE_TOO_BIG && this.readyState === WebSocket.OPEN) {
      this.send(encodeFrame('pusher:error', { code: null, message: `Frame too large: frames are at most ${HARD_FRAME_LIMIT_BYTES} bytes` }))
    }
    super.close(code, reason)
  }
}

export interface UpgradeSettings {
  appKey: string
  /** The client's address as throttles see it (through trusted proxies). */
  addressOf(req: IncomingMessage): string
  maxConnectionsPerAddress: number
}

export function acceptRealtimeUpgrades(httpServer: Server, hub: RealtimeHub, settings: UpgradeSettings): void {
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: HARD_FRAME_LIMIT_BYTES,
    clientTracking: false,
    WebSocket: PusherSocket
  })
  const connectionsPerAddress = new Map<string, number>()
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
    const address = settings.addressOf(req)
    wss.handleUpgrade(req, socket, head, (ws) => {
      // Pusher connects first and refuses in-band, so the client learns why from the close code.
      if (match[1] !== encodeURIComponent(settings.appKey)) return hub.refuse(ws, ErrorCodes.appDoesNotExist, 'App key not in this cluster')
      const version = url.searchParams.get('protocol')
      if (version === null) return hub.refuse(ws, ErrorCodes.noProtocolVersion, 'No protocol version supplied')
      if (!/^\d{1,3}$/.test(version)) return hub.refuse(ws, ErrorCodes.invalidVersionFormat, 'Invalid version string format')
      if (!(Number(version) >= MIN_PROTOCOL_VERSION && Number(version) <= PROTOCOL_VERSION)) {
        return hub.refuse(ws, ErrorCodes.unsupportedProtocol, `Unsupported protocol version ${version}`)
      }
      const open = connectionsPerAddress.get(address) ?? 0
      if (open >= settings.maxConnectionsPerAddress) {
        return hub.refuse(ws, ErrorCodes.overCapacity, `Too many connections from your address (at most ${settings.maxConnectionsPerAddress})`)
      }
      connectionsPerAddress.set(address, open + 1)
      ws.once('close', () => {
        const left = (connectionsPerAddress.get(address) ?? 1) - 1
        if (left > 0) connectionsPerAddress.set(address, left)
        else connectionsPerAddress.delete(address)
      })
      hub.accept(ws)
    })
  })
}
