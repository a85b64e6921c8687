// The device check's network part, run once per "Check again": the server (check:server,
// main times one request), then with the video token what the server's provider needs: a
// TURN allocation through the ice_servers video_auth gave (p2p, janus), or twilio-video's
// preflight test (Twilio, whose own TURN the SDK uses). Each result is reported as it
// arrives, so the screen fills in row by row. Realtime is not run here: main owns that
// connection and the screen follows its state live.
import type { ShoutitBridge } from '../../../common/ipc'
import { messageOf, request } from '../bridge'
import type { PreflightState, RelayState, ServerState } from './checkWords'
import { runTwilioPreflight, type RunPreflight } from './preflightCheck'
import type { CheckIceServer, RelayOutcome } from './relayCheck'

export interface NetworkState {
  server: ServerState
  /** null: not a question for this provider (Twilio relays through its own servers). */
  relay: RelayState | null
  /** null: the provider is not Twilio. */
  preflight: PreflightState | null
}

export const CHECKING: NetworkState = { server: { state: 'checking' }, relay: { state: 'checking' }, preflight: null }

export interface NetworkCheckDeps {
  bridge: ShoutitBridge
  checkRelay: (servers: readonly CheckIceServer[] | undefined) => Promise<RelayOutcome>
  loadPreflight: () => Promise<RunPreflight>
}

/** A token valid for the whole check (the preflight test runs for seconds, not minutes). */
const TOKEN_MIN_VALID_SECONDS = 120

export async function runNetworkChecks(deps: NetworkCheckDeps, isGuest: boolean, report: (change: Partial<NetworkState>) => void): Promise<void> {
  const server = request(deps.bridge, 'check:server', {})
    .then((result) => report({ server: { state: 'done', ...result } }))
    // Main answers check:server itself; an error here means main could not be asked at all.
    .catch(() => report({ server: { state: 'done', reachable: false, reason: 'unreachable' } }))
  const media = isGuest ? Promise.resolve(report({ relay: { state: 'no-token' }, preflight: null })) : checkMediaPath(deps, report)
  await Promise.all([server, media])
}

async function checkMediaPath(deps: NetworkCheckDeps, report: (change: Partial<NetworkState>) => void): Promise<void> {
  let token
  try {
    token = await request(deps.bridge, 'video:getToken', { minValidSeconds: TOKEN_MIN_VALID_SECONDS })
  } catch (thrown) {
    report({ relay: { state: 'token-failed', error: messageOf(thrown) }, preflight: null })
    return
  }
  if (token.provider === 'twilio') {
    report({ relay: null, preflight: { state: 'checking' } })
    let outcome
    try {
      outcome = await runTwilioPreflight(await deps.loadPreflight(), token.token)
    } catch {
      outcome = { kind: 'failed' } as const
    }
    report({ preflight: { state: 'done', ...outcome } })
    return
  }
  report({ relay: { state: 'checking' }, preflight: null })
  const outcome = await deps.checkRelay(token.iceServers)
  report({ relay: { state: 'done', ...outcome } })
}
