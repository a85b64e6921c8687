// The device check's "Is the server reachable?": one short request to the current server,
// timed. Any account may run it (it needs no token), and it never throws: the answer is
// what the window words for the user.
import type { ServerCheck } from '../../../common/ipc'
import type { ApiClient } from './api-client'
import { ApiError, NetworkError } from './errors'
import type { Clock } from './platform'

/** Short on purpose: a check that hangs for the API's usual 20 s tells the user nothing. */
export const SERVER_CHECK_TIMEOUT_MS = 5_000

export async function checkServer(api: Pick<ApiClient, 'clientConfig'>, clock: Clock, timeoutMs = SERVER_CHECK_TIMEOUT_MS): Promise<ServerCheck> {
  const started = clock.now()
  try {
    await api.clientConfig(timeoutMs)
    return { reachable: true, latencyMs: Math.max(0, Math.round(clock.now() - started)) }
  } catch (error) {
    if (error instanceof NetworkError) return { reachable: false, reason: timedOut(error) ? 'timeout' : 'unreachable' }
    if (error instanceof ApiError) return { reachable: false, reason: 'answered-badly', status: error.status }
    return { reachable: false, reason: 'unreachable' }
  }
}

function timedOut(error: NetworkError): boolean {
  const cause: unknown = error.cause
  return cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError')
}
