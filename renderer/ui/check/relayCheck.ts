// The TURN part of the device check: ask the server's TURN servers for a relay allocation
// by gathering ICE with `iceTransportPolicy: 'relay'` (only relay candidates are gathered
// then), and report whether one appeared. A relay candidate means a call can get through
// even where direct connections are blocked.

/** The ICE servers video_auth gives (common/ipc.ts VideoToken.iceServers), without zod. */
export interface CheckIceServer {
  urls: string | string[]
  username?: string
  credential?: string
}

export type RelayOutcome =
  /** A relay candidate appeared: TURN works from here. */
  | { kind: 'relayed' }
  /** TURN servers are configured, but none gave a relay before gathering ended or timed out. */
  | { kind: 'no-relay' }
  /** The server gives no TURN server: calls use direct connections only. */
  | { kind: 'not-configured' }
  /** This window cannot make a peer connection at all. */
  | { kind: 'unsupported' }

const isTurnUrl = (url: string): boolean => url.startsWith('turn:') || url.startsWith('turns:')

/** Only the servers with a TURN URL (STUN cannot relay), each keeping only its TURN URLs. */
export function turnServersOf(servers: readonly CheckIceServer[] | undefined): RTCIceServer[] {
  const turn: RTCIceServer[] = []
  for (const server of servers ?? []) {
    const urls = [server.urls].flat().filter(isTurnUrl)
    if (urls.length === 0) continue
    turn.push({ urls, ...(server.username === undefined ? {} : { username: server.username }), ...(server.credential === undefined ? {} : { credential: server.credential }) })
  }
  return turn
}

/** The outcome from what gathering produced: any candidate of type relay is a working TURN server. */
export function relayOutcomeOf(candidates: ReadonlyArray<Pick<RTCIceCandidate, 'candidate' | 'type'>>): RelayOutcome {
  // `type` is missing in some engines; the SDP line names it too ("… typ relay …").
  const relayed = candidates.some((candidate) => candidate.type === 'relay' || / typ relay( |$)/.test(candidate.candidate))
  return relayed ? { kind: 'relayed' } : { kind: 'no-relay' }
}

export interface RelayCheckDeps {
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection
  /** Gathering normally ends well within this; a firewall dropping TURN makes it wait for nothing. */
  timeoutMs?: number
}

export const RELAY_CHECK_TIMEOUT_MS = 8_000

/** Gathers relay candidates through the TURN servers among `servers`, and says what came of it. */
export async function checkRelay(servers: readonly CheckIceServer[] | undefined, deps: RelayCheckDeps = {}): Promise<RelayOutcome> {
  const iceServers = turnServersOf(servers)
  if (iceServers.length === 0) return { kind: 'not-configured' }
  const create = deps.createPeerConnection ?? (typeof RTCPeerConnection === 'function' ? (config: RTCConfiguration) => new RTCPeerConnection(config) : undefined)
  if (!create) return { kind: 'unsupported' }
  let connection: RTCPeerConnection
  try {
    connection = create({ iceServers, iceTransportPolicy: 'relay' })
  } catch {
    // An ICE server the engine refuses (a malformed URL) cannot relay either.
    return { kind: 'no-relay' }
  }
  const candidates: RTCIceCandidate[] = []
  try {
    return await new Promise<RelayOutcome>((resolve) => {
      const timer = setTimeout(() => resolve(relayOutcomeOf(candidates)), deps.timeoutMs ?? RELAY_CHECK_TIMEOUT_MS)
      connection.addEventListener('icecandidate', (event) => {
        if (event.candidate && event.candidate.candidate !== '') {
          candidates.push(event.candidate)
          if (relayOutcomeOf([event.candidate]).kind === 'relayed') {
            clearTimeout(timer)
            resolve({ kind: 'relayed' })
          }
          return
        }
        // The end of gathering: no more candidates will come.
        clearTimeout(timer)
        resolve(relayOutcomeOf(candidates))
      })
      // A data channel gives the offer something to gather for, without a camera or microphone.
      connection.createDataChannel('relay-check')
      connection
        .createOffer()
        .then((offer) => connection.setLocalDescription(offer))
        .catch(() => {
          clearTimeout(timer)
          resolve({ kind: 'no-relay' })
        })
    })
  } finally {
    connection.close()
  }
}
