// Binds `window.shoutit` in a page to a Node-side bridge that answers the call code's
// channels over HTTP against a real server with one signed-in account, the way main does:
// the OAuth token stays in Node, requests are checked against the IPC contract's schemas,
// and replies travel as IpcResult. Reports (call:activity, call:finished) are kept as main
// keeps them: the current activity, and a history through main's own CallHistory. A
// channel the bridge does not serve is refused loudly (the page's invoke rejects, naming
// it) instead of being answered: a test must not pass on a reply main would never give.
// Tests push events (call:rejected, ...) with emit().
import type { Page } from 'playwright-core'
import type { z } from 'zod'
import type { Profile } from '../../../common/api'
import { ClientConfigSchema, JanusRoomTokenSchema, PusherAuthReplySchema, VideoAuthSchema, VideoCallReplySchema, VideoIdentitySchema } from '../../../common/api'
import type { CallActivity, CallRecord } from '../../../common/calls'
import {
  invokeChannels,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type IpcError,
  type IpcResult,
  type Settings
} from '../../../common/ipc'
import { CallHistory, recordOfFinishedCall } from '../../../main/services/calls/history'
import { bindPage } from '../harness/bridge'
import { memoryStores } from '../platform/stores'

export interface HttpBridgeOptions {
  /** `${server}/v3` */
  api: string
  accessToken: string
  settings?: Partial<Settings>
}

export interface Report {
  channel: InvokeChannel
  request: unknown
}

/** What the page last reported with call:activity, as main's ring coordinator keeps it. */
export interface ReportedActivity {
  activity: CallActivity
  room?: string
  peer?: Profile
}

export interface HttpBridge {
  /** Every invocation the page made, in order, after validation. */
  readonly invocations: Report[]
  /** Channels the page asked for that the bridge does not serve (each also rejected the page's invoke). */
  readonly refused: string[]
  reports(channel: 'call:activity' | 'call:finished'): unknown[]
  /** The page's call activity now: call:finished returns it to idle, as main does. */
  activity(): ReportedActivity
  /** The calls the page reported finished, newest first, with the ids main would give them. */
  history(): CallRecord[]
  emit<C extends EventChannel>(channel: C, payload: EventPayload<C>): Promise<void>
}

class HttpFailure extends Error {
  constructor(
    message: string,
    readonly status: number
  ) {
    super(message)
  }
}

/** A report as main's router hands it on: parsed, defaults filled in. */
type Parsed<C extends 'call:activity' | 'call:finished'> = z.output<(typeof invokeChannels)[C]['request']>

/** A channel the bridge cannot answer as main would; thrown so the page's invoke rejects. */
export class UnservedChannelError extends Error {
  constructor(
    readonly channel: string,
    why = 'serve it in tests/support/browser/http-bridge.ts or keep the page from calling it'
  ) {
    super(`the test bridge does not serve ${channel}: ${why}`)
    this.name = 'UnservedChannelError'
  }
}

/** The one page a bridge serves; main would tell windows apart by this id. */
const BRIDGE_SENDER_ID = 1

const DEFAULT_SETTINGS: Settings = { doNotDisturb: false, launchAtLogin: false, retryPauseSeconds: 10, hardwareAcceleration: true, noiseSuppression: true, background: 'none', backgroundPictureId: 'dawn', ringtone: 'classic', ringtoneVolume: 40, missedCallNotifications: true, theme: 'system', pictureInPicture: true, language: 'system', checkDevicesBeforeCall: false }

export async function bindHttpBridge(page: Page, options: HttpBridgeOptions): Promise<HttpBridge> {
  const invocations: Report[] = []
  const refused: string[] = []
  const settings: Settings = { ...DEFAULT_SETTINGS, ...options.settings }
  let activity: ReportedActivity = { activity: 'idle' }
  const history = new CallHistory({ store: memoryStores()('history'), clock: { now: () => Date.now() } })

  // As main's calls/register.ts handles the two reports.
  const recordActivity = (report: Parsed<'call:activity'>): void => {
    activity = { activity: report.activity, ...(report.room ? { room: report.room } : {}), ...(report.peer ? { peer: report.peer } : {}) }
  }
  const recordFinished = (report: Parsed<'call:finished'>): void => {
    activity = { activity: 'idle' }
    history.add(recordOfFinishedCall(report))
  }

  const http = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${options.api}${path}`, {
      method,
      headers: { Authorization: `Bearer ${options.accessToken}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    const text = await response.text()
    const json: unknown = text ? JSON.parse(text) : undefined
    if (!response.ok) {
      const message = (json as { error?: { message?: string } } | undefined)?.error?.message ?? response.statusText
      throw new HttpFailure(message, response.status)
    }
    return json
  }

  const serve = async (channel: InvokeChannel, request: Record<string, unknown>): Promise<unknown> => {
    switch (channel) {
      case 'video:getToken': {
        const auth = VideoAuthSchema.parse(await http('POST', '/twilio/video_auth'))
        return {
          token: auth.token,
          identity: auth.identity,
          expiresAt: auth.expires_at,
          provider: auth.provider,
          ...(auth.ice_servers ? { iceServers: auth.ice_servers } : {}),
          ...(auth.janus ? { janus: { url: auth.janus.url } } : {})
        }
      }
      case 'video:identity':
        return VideoIdentitySchema.parse(await http('GET', `/twilio/video_identity?profile=${encodeURIComponent(String(request.username))}`))
      case 'video:ring':
        return VideoCallReplySchema.parse(await http('POST', '/twilio/video_call', { identity: request.identity, room: request.room, kind: request.kind, missed: false }))
      case 'video:reportMissed':
        await http('POST', '/twilio/video_call', { identity: request.identity, missed: true })
        return { ok: true }
      case 'video:janusRoomToken': {
        const reply = JanusRoomTokenSchema.parse(await http('POST', '/janus/room_token', { room: request.room }))
        return { token: reply.token, expiresAt: reply.expires_at }
      }
      case 'realtime:config':
        return ClientConfigSchema.parse(await http('GET', '/client_config')).pusher
      case 'realtime:authorizeRoom':
        return PusherAuthReplySchema.parse(await http('POST', '/pusher/auth', { socket_id: request.socketId, channel_name: request.channelName }))
      case 'settings:get':
        return settings
      case 'call:activity':
        recordActivity(invokeChannels['call:activity'].request.parse(request))
        return { ok: true }
      case 'call:finished':
        recordFinished(invokeChannels['call:finished'].request.parse(request))
        return { ok: true }
      case 'history:list':
        return history.list()
      default:
        throw new UnservedChannelError(channel)
    }
  }

  // Answers as main's IPC router does: the contract's schemas on the way in and out.
  // A channel outside the contract, or one the bridge cannot serve, throws: the page's
  // invoke rejects with the channel's name, and `refused` keeps it for the test to check.
  const invoke = async (channel: string, request: unknown): Promise<IpcResult<unknown>> => {
    if (!Object.hasOwn(invokeChannels, channel)) {
      refused.push(channel)
      throw new UnservedChannelError(channel, 'it is not a channel of the IPC contract')
    }
    const name = channel as InvokeChannel
    const parsed = invokeChannels[name].request.safeParse(request)
    if (!parsed.success) return { ok: false, error: { code: 'invalid_request', message: parsed.error.issues[0]?.message ?? 'invalid request' } }
    invocations.push({ channel: name, request: parsed.data })
    try {
      const value = await serve(name, parsed.data as Record<string, unknown>)
      return { ok: true, value: invokeChannels[name].reply.parse(value) }
    } catch (error) {
      if (error instanceof UnservedChannelError) {
        refused.push(name)
        throw error
      }
      const detail: IpcError =
        error instanceof HttpFailure
          ? { code: 'api_error', message: error.message, status: error.status }
          : { code: 'network', message: error instanceof Error ? error.message : String(error) }
      return { ok: false, error: detail }
    }
  }
  const eventListeners = new Set<(event: { channel: EventChannel; payload: unknown }) => void>()
  // The page gets the harness's own stand-in for the preload, bound to this bridge instead of a composition.
  const binding = await bindPage(
    page,
    {
      ipc: { invoke: (_senderId, channel, request) => invoke(channel, request) },
      onEvent(listener) {
        eventListeners.add(listener)
        return () => void eventListeners.delete(listener)
      }
    },
    BRIDGE_SENDER_ID
  )

  return {
    invocations,
    refused,
    reports: (channel) => invocations.filter((entry) => entry.channel === channel).map((entry) => entry.request),
    activity: () => ({ ...activity }),
    history: () => history.list(),
    async emit(channel, payload) {
      const violationsBefore = binding.violations.length
      for (const listener of [...eventListeners]) listener({ channel, payload })
      await binding.delivered()
      const violation = binding.violations[violationsBefore]
      if (violation) throw new Error(`${violation.channel} does not match the IPC contract: ${violation.message}`)
    }
  }
}
