// The reference server's programmatic API: used by the CLI, the app's start script, tests
// and the end-to-end harness. One port serves REST (/v3), Pusher's HTTP API (/apps) and
// Pusher WebSockets (/app/<key>).
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { VideoProvider } from '../../common/api'
import { profileChannelName, ROOM_CHANNEL_PREFIX } from '../../common/api'
import { clientAddress } from './api/clientAddress'
import type { ApiContext } from './api/context'
import { notificationRoutes } from './api/notificationRoutes'
import { oauthRoutes } from './api/oauthRoutes'
import { profileRoutes } from './api/profileRoutes'
import { presenceRoutes } from './api/presenceRoutes'
import { pusherRoutes } from './api/pusherRoutes'
import { videoRoutes } from './api/videoRoutes'
import { janusRoutes } from './api/janusRoutes'
import { JanusRooms } from './janus/rooms'
import { Audit } from './audit'
import { bearerAuthenticator } from './auth/bearer'
import { createLoginThrottle } from './auth/loginThrottle'
import { unmatchableHash } from './auth/passwords'
import { seedDemoAccounts, type DemoAccount } from './demoAccounts'
import { clientIpResolver, throttleKey } from './http/clientIp'
import { answerMalformedRequests } from './http/malformedRequests'
import { logWhenDone } from './http/requestLog'
import { Router } from './http/router'
import { quietLogger } from './logger'
import { DEFAULTS, checkOptions, type ServerOptions } from './options'
import { eventsApiRoutes } from './realtime/eventsApi'
import { RealtimeHub } from './realtime/hub'
import { PROTOCOL_LIMITS } from './realtime/limits'
import { createPresenceRelay } from './realtime/presenceRelay'
import { createPusherPublisher, hubPresence, remotePresence } from './realtime/publisher'
import { acceptRealtimeUpgrades } from './realtime/upgrade'
import { webhookRoutes } from './realtime/webhooks'
import { openStorage, type RateLimiterStore } from './storage/storage'
import { RING_RETENTION_SECONDS } from './storage/videoRings'
import { createP2pMinter, createTwilioMinter, type VideoTokenMinter } from './video/tokenMinters'
import { iceServersFor } from './video/iceServers'
import { createMissedCallThrottle } from './video/missedCallThrottle'
import { VideoClients } from './video/videoClients'

export { DEMO_ACCOUNTS, type DemoAccount } from './demoAccounts'
export type { ServerOptions, PusherOptions } from './options'
export { DEFAULTS } from './options'
export type { Audit, AuditEntry } from './audit'
export type { Logger } from './logger'
export { consoleLogger, createLogger, quietLogger } from './logger'
export type { ThrottleSettings } from './auth/loginThrottle'
export type { RateLimiterStore } from './storage/storage'

export interface RunningServer {
  /** http://<host>:<port>, no trailing slash; the API lives under `${url}/v3`. */
  url: string
  /** The base URL clients are told (client_config, pagination links): `publicUrl`, else the listen address. */
  advertisedUrl: string
  port: number
  host: string
  dataDir: string
  /** Where the data lives: the SQLite file in dataDir, or the PostgreSQL database of `databaseUrl`. */
  storageKind: 'sqlite' | 'postgres'
  /** Where a shared login throttle keeps its counters: the PostgreSQL pool, or memory with SQLite. */
  rateLimiterStore: RateLimiterStore
  videoProvider: VideoProvider
  /** The Pusher app the server publishes to, for tests that use the `pusher` library directly. */
  pusher: { appId: string; key: string; secret: string; host: string; port: number; useTLS: boolean; cluster?: string }
  /** Demo accounts created by this start (empty unless the data directory was fresh). */
  seededDemoAccounts: DemoAccount[]
  audit: Audit
  /** Live realtime connections subscribed to the profile's own channel (embedded realtime only). */
  realtimeConnectionsOf(profileId: string): number
  /** All open realtime connections (embedded realtime only). */
  realtimeConnectionCount(): number
  /** Frames the built-in realtime service has written to sockets since the start. */
  realtimeFramesSent(): number
  /** With --janus-url: the rooms this server manages on Janus (tests check them, and sweep idle ones). */
  janusRooms?: JanusRooms
  /** Stops accepting, closes realtime sockets, waits for in-flight requests, closes the database. */
  close(): Promise<void>
}

const PUSHER_SECRET_SETTING = 'pusher_secret'
const P2P_SECRET_SETTING = 'p2p_video_secret'
const SERVER_ID_SETTING = 'server_id'
const PURGE_EVERY_MS = 3600_000
const SHUTDOWN_GRACE_MS = 10_000

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  checkOptions(options)
  const logger = options.logger ?? quietLogger
  const clock = options.clock ?? Date.now
  const nowSeconds = (): number => Math.floor(clock() / 1000)
  const host = options.host ?? DEFAULTS.host
  // Before opening anything: a bad trusted-proxy list is a start-up error.
  const clientIp = clientIpResolver(options.trustProxy ?? [])

  const storage = await openStorage({ dataDir: options.dataDir, databaseUrl: options.databaseUrl })
  const httpServer = createServer({ keepAliveTimeout: 5000, requestTimeout: 30_000 })
  try {
    const { settings, users, tokens, notifications, rings, rooms, videoClients: videoStore } = storage
    const roomMemberLimit = options.roomMemberLimit ?? DEFAULTS.roomMemberLimit
    const scryptCost = options.scryptCost ?? DEFAULTS.scryptCost
    // Counters live where the data does: with PostgreSQL, every instance on the database shares them.
    const throttle = await createLoginThrottle(storage.rateLimiterStore(), { ...DEFAULTS.loginThrottle, ...options.loginThrottle })
    const missedCallThrottle = await createMissedCallThrottle(storage.rateLimiterStore(), { ...DEFAULTS.missedCallLimits, ...options.missedCallLimits })

    const selfSigned = async (): Promise<VideoTokenMinter> =>
      createP2pMinter({
        issuer: 'shoutit-p2p',
        subject: (options.serverId ?? (await settings.secret(SERVER_ID_SETTING))).slice(0, 32),
        secret: options.p2pSecret ?? (await settings.secret(P2P_SECRET_SETTING))
      })
    // With Janus, video_auth's token still names the caller's identity; Janus's own tokens come per room (§7).
    const minter: VideoTokenMinter = options.twilio
      ? await createTwilioMinter(options.twilio)
      : options.janus
        ? { ...(await selfSigned()), provider: 'janus' }
        : await selfSigned()
    const janusRooms = options.janus
      ? new JanusRooms(
          {
            url: options.janus.url,
            tokenSecret: options.janus.tokenSecret,
            ...(options.janus.adminKey ? { adminKey: options.janus.adminKey } : {}),
            tokenTtlSeconds: options.janus.tokenTtlSeconds ?? DEFAULTS.janusTokenTtlSeconds,
            roomIdleSeconds: options.janus.roomIdleSeconds ?? DEFAULTS.janusRoomIdleSeconds,
            maxPublishers: options.janus.maxPublishers ?? DEFAULTS.janusMaxPublishers
          },
          nowSeconds,
          logger
        )
      : undefined
    const videoClients = new VideoClients(
      videoStore,
      minter,
      {
        ttlSeconds: options.videoTokenTtlSeconds ?? DEFAULTS.videoTokenTtlSeconds,
        remintRemainderSeconds: options.videoTokenRemintRemainderSeconds ?? DEFAULTS.videoTokenRemintRemainderSeconds
      },
      nowSeconds
    )

    const pusherApp = {
      appId: options.pusher?.appId ?? DEFAULTS.pusherAppId,
      key: options.pusher?.key ?? DEFAULTS.pusherKey,
      secret: options.pusher?.secret ?? (await settings.secret(PUSHER_SECRET_SETTING))
    }
    const externalRealtime = options.pusher?.host !== undefined || options.pusher?.cluster !== undefined

    const clientEventChannels = options.clientEventChannels ?? [ROOM_CHANNEL_PREFIX]
    const realtimeLimits = PROTOCOL_LIMITS[options.pusherLimits ?? DEFAULTS.pusherLimits]
    const hub = new RealtimeHub({
      key: pusherApp.key,
      secret: pusherApp.secret,
      activityTimeoutSeconds: options.activityTimeoutSeconds ?? DEFAULTS.activityTimeoutSeconds,
      pongTimeoutSeconds: options.pongTimeoutSeconds ?? DEFAULTS.pongTimeoutSeconds,
      presenceCapacity: (channel) => (channel.startsWith(ROOM_CHANNEL_PREFIX) ? roomMemberLimit : undefined),
      // Only the call's room needs client events: anywhere wider, one sender reaches everyone on the channel.
      clientEventsAllowed: (channel) => clientEventChannels.some((prefix) => channel.startsWith(prefix)),
      limits: {
        ...realtimeLimits,
        maxChannelsPerConnection: options.maxChannelsPerConnection ?? DEFAULTS.maxChannelsPerConnection,
        clientEventsPerSecond: options.clientEventsPerSecond ?? DEFAULTS.clientEventsPerSecond
      },
      logger,
      // The embedded service tells watchers itself, in process; an external one through webhooks.
      onOccupancyChange: (channel, occupied) => embeddedRelay.occupancyChanged(channel, occupied)
    })
    const embeddedRelay = createPresenceRelay((channel, event, data) => hub.publish([channel], event, JSON.stringify(data)), logger)

    await listen(httpServer, options.port ?? DEFAULTS.port, host)
    const port = (httpServer.address() as AddressInfo).port
    const url = `http://${hostForUrl(host)}:${port}`
    // Only once the port is ours: a start that fails on a taken port must not leave accounts
    // behind that the operator was never shown.
    const seededDemoAccounts =
      (options.seedDemoAccounts ?? true) && (await users.count()) === 0 ? await seedDemoAccounts(users, scryptCost, nowSeconds()) : []

    const pusherEndpoint = externalRealtime
      ? {
          host: options.pusher?.host ?? `api-${options.pusher?.cluster}.pusher.com`,
          port: options.pusher?.port ?? (options.pusher?.useTLS === false ? 80 : 443),
          useTLS: options.pusher?.useTLS ?? true,
          ...(options.pusher?.cluster ? { cluster: options.pusher.cluster } : {})
        }
      : { host, port, useTLS: false }
    const publisher = createPusherPublisher(pusherApp, pusherEndpoint)
    const presence = externalRealtime ? remotePresence(publisher.client, logger) : hubPresence(hub)
    const webhookRelay = createPresenceRelay((channel, event, data) => publisher.trigger(channel, event, data), logger)

    const address = clientAddress({
      host,
      port,
      publicUrl: options.publicUrl,
      pusherKey: pusherApp.key,
      externalRealtime: externalRealtime ? pusherEndpoint : undefined
    })

    const audit = new Audit(clock)
    const ctx: ApiContext = {
      users,
      tokens,
      notifications,
      rings,
      rooms,
      roomMemberLimit,
      videoClients,
      publisher,
      presence,
      audit,
      logger,
      throttle,
      missedCallThrottle,
      unmatchableHash: unmatchableHash(scryptCost),
      clientIp: (req) => throttleKey(clientIp(req)),
      oauthClients: new Map([[options.oauthClientId ?? DEFAULTS.oauthClientId, options.oauthClientSecret ?? DEFAULTS.oauthClientSecret]]),
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? DEFAULTS.accessTokenTtlSeconds,
      refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? DEFAULTS.refreshTokenTtlSeconds,
      scryptCost,
      pusherKey: pusherApp.key,
      pusherSecret: pusherApp.secret,
      clientPusherConfig: address.pusherConfig,
      baseUrl: address.baseUrl,
      nowSeconds,
      iceServersFor: (userId, tokenExpiresAt) =>
        iceServersFor(
          {
            urls: options.iceServers ?? [],
            ...(options.turnSecret ? { turnSecret: options.turnSecret } : {}),
            turnCredentialTtlSeconds: options.turnCredentialTtlSeconds ?? DEFAULTS.turnCredentialTtlSeconds
          },
          userId,
          tokenExpiresAt
        )
    }

    const router = new Router(bearerAuthenticator(users, nowSeconds), options.bodyLimitBytes ?? DEFAULTS.bodyLimitBytes, logger)
    router.add(
      ...oauthRoutes(ctx),
      ...profileRoutes(ctx),
      ...videoRoutes(ctx, janusRooms ? { url: options.janus!.url } : undefined),
      ...(janusRooms ? janusRoutes(ctx, janusRooms) : []),
      ...notificationRoutes(ctx),
      ...pusherRoutes(ctx, () => videoClients.provider),
      ...presenceRoutes(ctx),
      ...webhookRoutes(publisher.client, webhookRelay),
      ...eventsApiRoutes(hub, { ...pusherApp, maxClockSkewSeconds: 600, nowSeconds, limits: realtimeLimits })
    )

    const inFlight = new Set<Promise<void>>()
    httpServer.on('request', (req, res) => {
      logWhenDone(logger, req, res)
      const handled = router.handle(req, res).catch((error: unknown) => logger.error('unhandled request failure', error))
      inFlight.add(handled)
      void handled.finally(() => inFlight.delete(handled))
    })

    answerMalformedRequests(httpServer)
    acceptRealtimeUpgrades(httpServer, hub, {
      appKey: pusherApp.key,
      addressOf: ctx.clientIp,
      maxConnectionsPerAddress: options.maxConnectionsPerAddress ?? DEFAULTS.maxConnectionsPerAddress
    })

    const purge = async (): Promise<void> => {
      await tokens.purgeExpired(nowSeconds())
      await videoStore.purgeExpired(nowSeconds())
      await rings.purgeOlderThan(nowSeconds() - RING_RETENTION_SECONDS)
      await rooms.purgeOlderThan(nowSeconds() - RING_RETENTION_SECONDS)
    }
    await purge()
    const purgeTimer = setInterval(() => void purge().catch((error: unknown) => logger.error('purging expired tokens failed', error)), PURGE_EVERY_MS)
    purgeTimer.unref()
    const janusRoomIdleSeconds = options.janus?.roomIdleSeconds ?? DEFAULTS.janusRoomIdleSeconds
    const janusSweepTimer = janusRooms
      ? setInterval(
          () => void janusRooms.sweep().catch((error: unknown) => logger.error('janus: sweeping idle rooms failed', error)),
          Math.max(5, janusRoomIdleSeconds / 2) * 1000
        )
      : undefined
    janusSweepTimer?.unref()

    let closing: Promise<void> | undefined
    const close = (): Promise<void> => {
      closing ??= (async () => {
        clearInterval(purgeTimer)
        clearInterval(janusSweepTimer)
        const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()))
        const socketsClosed = hub.close()
        httpServer.closeIdleConnections()
        // A client trickling a body could hold shutdown for the whole request timeout; don't wait that long.
        await Promise.race([Promise.allSettled([...inFlight]), new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref())])
        await socketsClosed
        httpServer.closeAllConnections()
        await stopped
        publisher.close()
        await janusRooms?.close()
        await storage.close()
      })()
      return closing
    }

    return {
      url,
      advertisedUrl: address.baseUrl,
      port,
      host,
      dataDir: options.dataDir,
      storageKind: storage.kind,
      rateLimiterStore: storage.rateLimiterStore(),
      videoProvider: minter.provider,
      pusher: { ...pusherApp, ...pusherEndpoint },
      seededDemoAccounts,
      audit,
      realtimeConnectionsOf: (profileId) => hub.subscriberCount(profileChannelName(profileId)),
      realtimeConnectionCount: () => hub.connectionCount,
      realtimeFramesSent: () => hub.framesSent,
      ...(janusRooms ? { janusRooms } : {}),
      close
    }
  } catch (error) {
    if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()))
    await storage.close()
    throw error
  }
}

/** Binds the port; a taken or forbidden one is a start-up error that says which and what to do. */
async function listen(httpServer: Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void => {
      const where = `${hostForUrl(host)}:${port}`
      if (error.code === 'EADDRINUSE') reject(new Error(`Port ${port} is already in use on ${host}: stop what listens on ${where}, or choose another --port`, { cause: error }))
      else if (error.code === 'EACCES') reject(new Error(`Not allowed to listen on ${where}: choose a port above 1023, or another --port`, { cause: error }))
      else if (error.code === 'EADDRNOTAVAIL') reject(new Error(`${host} is not an address of this machine: check --host`, { cause: error }))
      else reject(error)
    }
    httpServer.once('error', failed)
    httpServer.listen(port, host, () => {
      httpServer.off('error', failed)
      resolve()
    })
  })
}
