// The OAuth2 grants of docs/api.md §2. Each returns the account it signed in and whether it is
// new; the route turns that into the token reply.
import { randomBytes, randomUUID } from 'node:crypto'
import { z } from 'zod'
import { GRANT_TYPES, type GrantType } from '../../../common/api'
import { UNSAFE_NAME_CHARACTERS } from '../../../common/display-name'
import { ACCOUNT_LIMITS } from '../../../common/limits'
import { errors } from '../http/apiError'
import { validate } from '../http/validate'
import type { ApiContext } from '../api/context'
import type { UserRecord } from '../storage/users'
import { Throttled } from './loginThrottle'
import { hashPassword, needsRehash, verifyPassword } from './passwords'

export interface GrantOutcome {
  user: UserRecord
  scope: string
  newSignup: boolean
  /** Set by the refresh grant, which rotates an existing pair instead of issuing one. */
  rotated?: { accessToken: string; refreshToken: string; accessExpiresAt: number }
}

export const USER_SCOPE = 'read write'
export const GUEST_SCOPE = 'read'

const ClientSchema = z.object({
  client_id: z.string().min(1).max(200),
  client_secret: z.string().min(1).max(200),
  grant_type: z.string().min(1).max(100)
})

const LoginSchema = z.object({
  email: z.string().trim().min(1).max(ACCOUNT_LIMITS.login.max),
  password: z.string().min(1).max(ACCOUNT_LIMITS.signInPassword.max)
})

const { min: PASSWORD_MIN, max: PASSWORD_MAX } = ACCOUNT_LIMITS.password
const passwordRule = `The password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`
const SignupSchema = z.object({
  // Names reach other people's notifications, tray and window titles.
  name: z
    .string()
    .trim()
    .min(ACCOUNT_LIMITS.name.min)
    .max(ACCOUNT_LIMITS.name.max)
    .refine((name) => !UNSAFE_NAME_CHARACTERS.test(name), 'The name must not contain control, bidirectional-override or zero-width characters'),
  email: z.email().max(ACCOUNT_LIMITS.email.max),
  password: z.string().min(PASSWORD_MIN, passwordRule).max(PASSWORD_MAX, passwordRule)
})

const RefreshSchema = z.object({ refresh_token: z.string().min(1).max(200) })

/** Reserved so that `/v3/profiles/me` always means the caller. */
const RESERVED_USERNAMES = new Set(['me'])

const isGrantType = (value: string): value is GrantType => (GRANT_TYPES as readonly string[]).includes(value)

const RevokeSchema = z.object({
  client_id: z.string().min(1).max(200),
  client_secret: z.string().min(1).max(200),
  token: z.string().min(1).max(200),
  token_type_hint: z.enum(['access_token', 'refresh_token']).optional()
})

function checkClientSecret(ctx: ApiContext, clientId: string, clientSecret: string): void {
  const secret = ctx.oauthClients.get(clientId)
  if (secret === undefined) throw errors.invalid('client_id', 'Unknown OAuth client')
  if (secret !== clientSecret) throw errors.invalid('client_secret', 'Wrong client secret')
}

/** RFC 7009: an unknown or already dead token is no error, so a client can always sign out. */
export async function revokeToken(ctx: ApiContext, fields: Record<string, unknown>): Promise<void> {
  const { client_id: clientId, client_secret: clientSecret, token } = validate(RevokeSchema, fields)
  checkClientSecret(ctx, clientId, clientSecret)
  await ctx.tokens.revoke(token, clientId)
}

function checkClient(ctx: ApiContext, fields: Record<string, unknown>): { clientId: string; grantType: GrantType } {
  const client = validate(ClientSchema, fields)
  checkClientSecret(ctx, client.client_id, client.client_secret)
  if (!isGrantType(client.grant_type)) {
    throw errors.invalid('grant_type', `Unsupported grant_type; use one of ${GRANT_TYPES.join(', ')}`)
  }
  return { clientId: client.client_id, grantType: client.grant_type }
}

async function uniqueUsername(ctx: ApiContext, seed: string): Promise<string> {
  let base = seed.toLowerCase().replace(/[^a-z0-9._-]/g, '').slice(0, 24)
  if (base.length < 2 || RESERVED_USERNAMES.has(base)) base = `user${base}`
  let candidate = base
  while ((await ctx.users.usernameTaken(candidate)) || RESERVED_USERNAMES.has(candidate)) {
    candidate = `${base}${randomBytes(3).readUIntBE(0, 3) % 100000}`
  }
  return candidate
}

function splitName(name: string): { firstName: string; lastName: string } {
  const [first = '', ...rest] = name.split(/\s+/)
  return { firstName: first, lastName: rest.join(' ') }
}

/** One answer for an unknown account and a wrong password, so sign-in never tells which names exist. */
const SIGN_IN_FAILED = 'Wrong e-mail, username or password'

function throttledAt(location: string) {
  return (error: unknown): never => {
    if (error instanceof Throttled) throw errors.throttled(error.retryAfterSeconds, location)
    throw error
  }
}

async function login(ctx: ApiContext, fields: Record<string, unknown>, clientAddress: string): Promise<GrantOutcome> {
  const { email: login, password } = validate(LoginSchema, fields)
  await ctx.throttle.checkLogin(login, clientAddress).catch(throttledAt('email'))
  const user = await ctx.users.byLogin(login)
  // An unknown account (or a guest, which has no password) costs the same scrypt run as a real one.
  const stored = user?.passwordHash ?? ctx.unmatchableHash
  const passwordOk = await verifyPassword(password, stored)
  if (!user || !user.passwordHash || !passwordOk) {
    await ctx.throttle.recordFailure(login, clientAddress).catch(throttledAt('email'))
    throw errors.invalid('password', SIGN_IN_FAILED)
  }
  await ctx.throttle.recordSuccess(login, clientAddress)
  if (needsRehash(user.passwordHash, ctx.scryptCost)) {
    await ctx.users.replacePasswordHash(user.id, user.passwordHash, await hashPassword(password, ctx.scryptCost))
  }
  return { user, scope: USER_SCOPE, newSignup: false }
}

async function signup(ctx: ApiContext, fields: Record<string, unknown>, clientAddress: string): Promise<GrantOutcome> {
  const { name, email, password } = validate(SignupSchema, fields)
  await ctx.throttle.recordAccountCreation(clientAddress).catch(throttledAt('grant_type'))
  if (await ctx.users.byEmail(email)) throw errors.invalid('email', 'An account with this e-mail already exists')
  const passwordHash = await hashPassword(password, ctx.scryptCost)
  const user: UserRecord = {
    id: randomUUID(),
    username: await uniqueUsername(ctx, email.split('@')[0]!),
    email,
    name,
    ...splitName(name),
    image: null,
    passwordHash,
    isGuest: false,
    dateJoined: ctx.nowSeconds()
  }
  // The e-mail check above and this insert straddle an await; the UNIQUE index decides races.
  try {
    await ctx.users.insert(user)
  } catch {
    throw errors.invalid('email', 'An account with this e-mail already exists')
  }
  return { user, scope: USER_SCOPE, newSignup: true }
}

async function guest(ctx: ApiContext, clientAddress: string): Promise<GrantOutcome> {
  await ctx.throttle.recordAccountCreation(clientAddress).catch(throttledAt('grant_type'))
  const user: UserRecord = {
    id: randomUUID(),
    username: await uniqueUsername(ctx, `guest-${randomBytes(4).toString('hex')}`),
    email: null,
    name: 'Guest',
    firstName: 'Guest',
    lastName: '',
    image: null,
    passwordHash: null,
    isGuest: true,
    dateJoined: ctx.nowSeconds()
  }
  await ctx.users.insert(user)
  return { user, scope: GUEST_SCOPE, newSignup: true }
}

async function refresh(ctx: ApiContext, fields: Record<string, unknown>, clientId: string): Promise<GrantOutcome> {
  const { refresh_token: refreshToken } = validate(RefreshSchema, fields)
  const rotated = await ctx.tokens.rotate(refreshToken, clientId, ctx.nowSeconds(), ctx.accessTokenTtlSeconds, ctx.refreshTokenTtlSeconds)
  const user = rotated && (await ctx.users.byId(rotated.userId))
  if (!rotated || !user) throw errors.invalid('refresh_token', 'Unknown, used or expired refresh token')
  return { user, scope: rotated.scope, newSignup: false, rotated }
}

export async function runGrant(ctx: ApiContext, fields: Record<string, unknown>, clientAddress: string): Promise<GrantOutcome & { clientId: string }> {
  if (fields.grant_type === undefined) throw errors.required('grant_type')
  const { clientId, grantType } = checkClient(ctx, fields)
  switch (grantType) {
    case 'shoutit_login':
      return { ...(await login(ctx, fields, clientAddress)), clientId }
    case 'shoutit_signup':
      return { ...(await signup(ctx, fields, clientAddress)), clientId }
    case 'shoutit_guest':
      return { ...(await guest(ctx, clientAddress)), clientId }
    case 'refresh_token':
      return { ...(await refresh(ctx, fields, clientId)), clientId }
  }
}
