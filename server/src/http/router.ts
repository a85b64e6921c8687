// A small table-driven router: path patterns with :params, per-route body kind and auth
// level. It owns the failure paths common to every route (404, 405, 413, 415, malformed
// JSON, unexpected exceptions), so each handler only deals with its own semantics.
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { ApiError, errors } from './apiError'
import { decodeBody, readRawBody, type BodyKind } from './body'
import { refuseUnstorableText } from './storableText'
import type { Logger } from '../logger'
import { StorageUnavailableError } from '../storage/unavailable'

/** How long a client is asked to wait while the database is unreachable (a restart takes seconds). */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 5

export type HttpMethod = 'GET' | 'POST'

export interface RequestContext<User> {
  req: IncomingMessage
  requestId: string
  url: URL
  params: Record<string, string>
  query: URLSearchParams
  fields: Record<string, unknown>
  rawBody: Buffer
  /** Set when the route requires authentication. */
  user: User
}

export interface Reply {
  status?: number
  /** undefined sends an empty body. */
  body?: unknown
}

export interface Route<User> {
  method: HttpMethod
  path: string
  body?: BodyKind
  /** 'none': public; 'user': any bearer token; 'member': a non-guest account. */
  auth: 'none' | 'user' | 'member'
  handle(ctx: RequestContext<User>): Promise<Reply> | Reply
}

export interface Authenticator<User> {
  authenticate(authorization: string | undefined): Promise<User>
  isGuest(user: User): boolean
}

interface CompiledRoute<User> {
  route: Route<User>
  segments: string[]
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0)
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | null {
  if (pattern.length !== actual.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!
    const segment = actual[i]!
    if (expected.startsWith(':')) {
      let decoded: string
      try {
        decoded = decodeURIComponent(segment)
      } catch {
        return null
      }
      params[expected.slice(1)] = decoded
    } else if (expected !== segment) {
      return null
    }
  }
  return params
}

export class Router<User> {
  private readonly routes: CompiledRoute<User>[] = []

  constructor(
    private readonly authenticator: Authenticator<User>,
    private readonly bodyLimitBytes: number,
    private readonly logger: Logger
  ) {}

  add(...routes: Route<User>[]): void {
    for (const route of routes) this.routes.push({ route, segments: splitPath(route.path) })
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID()
    res.setHeader('X-Request-Id', requestId)
    try {
      const reply = await this.dispatch(req, requestId)
      sendJson(res, reply.status ?? 200, reply.body)
    } catch (error) {
      const apiError = toApiError(error)
      if (error instanceof StorageUnavailableError) this.logger.warn(`request ${requestId}: the database is unavailable`, { cause: error.cause instanceof Error ? error.cause.message : String(error.cause) })
      else if (!(error instanceof ApiError)) this.logger.error(`request ${requestId} failed`, error)
      for (const [name, value] of Object.entries(apiError.headers)) res.setHeader(name, value)
      // A body left unread (413 before reading) would otherwise stall keep-alive clients.
      if (apiError.status === 413) res.setHeader('Connection', 'close')
      sendJson(res, apiError.status, apiError.toEnvelope(requestId))
    }
  }

  private async dispatch(req: IncomingMessage, requestId: string): Promise<Reply> {
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://localhost')
    } catch {
      throw errors.badRequest('Malformed request target')
    }
    const actual = splitPath(url.pathname)
    let pathMatched = false
    const allowed: string[] = []
    for (const { route, segments } of this.routes) {
      const params = matchSegments(segments, actual)
      if (!params) continue
      pathMatched = true
      allowed.push(route.method)
      if (route.method !== req.method && !(route.method === 'GET' && req.method === 'HEAD')) continue
      return this.run(route, req, requestId, url, params)
    }
    if (pathMatched) throw errors.methodNotAllowed(req.method ?? '', allowed)
    throw errors.notFound(`No route for ${url.pathname}`)
  }

  private async run(route: Route<User>, req: IncomingMessage, requestId: string, url: URL, params: Record<string, string>): Promise<Reply> {
    // Authentication before reading the body: an anonymous caller learns nothing else.
    let user = undefined as User
    if (route.auth !== 'none') {
      user = await this.authenticator.authenticate(req.headers.authorization)
      if (route.auth === 'member' && this.authenticator.isGuest(user)) {
        throw errors.permissionDenied('Guests cannot use video calls; sign up or sign in')
      }
    }
    const rawBody = await readRawBody(req, this.bodyLimitBytes)
    const { fields } = decodeBody(req, rawBody, route.body ?? 'json')
    refuseUnstorableText(params, 'parameter')
    for (const [name, value] of url.searchParams) refuseUnstorableText({ [name]: value }, 'parameter')
    refuseUnstorableText(fields, 'body')
    return route.handle({ req, requestId, url, params, query: url.searchParams, fields, rawBody, user })
  }
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  if (error instanceof StorageUnavailableError) return errors.unavailable(UNAVAILABLE_RETRY_AFTER_SECONDS)
  return errors.internal()
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return
  const payload = body === undefined ? '' : JSON.stringify(body)
  res.statusCode = status
  if (payload) res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.setHeader('Content-Length', Buffer.byteLength(payload))
  res.setHeader('Cache-Control', 'no-store')
  res.end(payload)
}
