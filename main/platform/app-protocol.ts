// Serves the built renderer from app://shoutit/ (not file://), with the CSP and hardening
// headers on every response.
import { readFile } from 'node:fs/promises'
import { protocol } from 'electron'
import { withCspMeta } from './csp-meta'
import { APP_SCHEME, resolveRendererFile } from './renderer-files'

/** Must run before app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } }
  ])
}

export function serveRenderer(rendererDir: string, csp: () => string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405 })
    const target = resolveRendererFile(rendererDir, request.url)
    if ('status' in target) return new Response('Not found', { status: target.status })
    let body: Buffer
    try {
      body = await readFile(target.file)
    } catch {
      return new Response('Not found', { status: 404 })
    }
    // One policy per response, in the header and in the page's meta tag alike.
    const policy = csp()
    const payload = target.contentType.startsWith('text/html') ? Buffer.from(withCspMeta(body.toString('utf8'), policy), 'utf8') : body
    return new Response(new Uint8Array(payload), {
      status: 200,
      headers: {
        'Content-Type': target.contentType,
        'Content-Security-Policy': policy,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Permissions-Policy': 'camera=(self), microphone=(self), display-capture=(self), geolocation=()'
      }
    })
  })
}
