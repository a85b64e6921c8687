// One log line per answered request: its id (the X-Request-Id the router set, which is also
// the error envelope's request_id), method, path, status and duration. The query string is
// left out: it may carry credentials (Pusher's signed HTTP API puts auth_signature there).
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from '../logger'

const MAX_PATH_LENGTH = 200

function pathOf(target: string | undefined): string {
  const path = (target ?? '/').split(/[?#]/, 1)[0] ?? '/'
  return path.length > MAX_PATH_LENGTH ? `${path.slice(0, MAX_PATH_LENGTH)}…` : path
}

export function logWhenDone(logger: Logger, req: IncomingMessage, res: ServerResponse): void {
  const started = process.hrtime.bigint()
  res.once('close', () => {
    const requestId = res.getHeader('X-Request-Id')
    logger.info('request', {
      request_id: typeof requestId === 'string' ? requestId : null,
      method: req.method,
      path: pathOf(req.url),
      status: res.statusCode,
      duration_ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
      // A client that hung up before the reply: the status is what we would have sent.
      ...(res.writableFinished ? {} : { aborted: true })
    })
  })
}
