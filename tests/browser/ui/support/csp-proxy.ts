// A loopback proxy in front of the UI harness's server that adds a Content-Security-Policy
// header to every response, as the app's own scheme does. The harness's `csp` option routes
// requests through Playwright instead, and a routed page's about:blank popup never gets its
// own requests (stylesheets) answered; real headers behave as the app does.
import { createServer, request as httpRequest, type Server } from 'node:http'
import { listenOnLoopback, type LoopbackServer } from '../../../support/loopback-server'

export type CspProxy = LoopbackServer

export async function startCspProxy(target: string, csp: string): Promise<CspProxy> {
  const upstream = new URL(target)
  const server: Server = createServer((incoming, outgoing) => {
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: upstream.host } },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, { ...response.headers, 'content-security-policy': csp })
        response.pipe(outgoing)
      }
    )
    forward.on('error', () => outgoing.writeHead(502).end())
    incoming.pipe(forward)
  })
  return listenOnLoopback(server)
}
