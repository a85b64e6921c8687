// Getting into a call's room: the video token, the engine for its provider and the camera
// and microphone, started together (none waits for another), then the room joined with
// them. While a ring is on, the token and engine are fetched ahead (warm-up), so that
// Accept only has to start the camera and join.
import type { VideoProvider } from '../../common/api'
import type { ShoutitBridge, VideoToken } from '../../common/ipc'
import { request } from './bridge-calls'
import { cachedUntilFailure } from './cached'
import { whenOver, whileOn } from './call-signal'
import type { Clock } from './clock'
import type { CallEngine, EngineRoom } from './engine'
import type { LocalMedia } from './local-media'
import { getCallMedia, type DeviceChoice, type MediaDevicesLike } from './media'

/** A joined room needs a token valid long enough to reconnect with during the call. */
const TOKEN_MIN_VALID_SECONDS = 600
/**
 * How long a warm-up (see warmUp) is kept without an answer: longer than a ring lasts in
 * main (45 s), in case the ring's end never reaches this window.
 */
const WARM_UP_KEPT_MS = 60_000

export interface JoinDeps {
  clock: Clock
  devices: MediaDevicesLike
  loadEngine: (provider: VideoProvider) => Promise<CallEngine>
}

/** What prepare starts, each on its own, and `all` once every one is ready. */
export interface Preparation {
  token: Promise<VideoToken>
  /** The camera and microphone (audio only when there is no usable camera). */
  media: Promise<MediaStream>
  engine: Promise<CallEngine>
  all: Promise<void>
}

/** The token and engine fetched while a ring is on, for the call that answers it. */
interface WarmUp {
  settings: Promise<unknown>
  token: Promise<VideoToken>
  engine: Promise<CallEngine>
  /** Closes what the engine prepared, if no call took it over. */
  release: () => void
  timer: ReturnType<Clock['setTimeout']>
}

export class CallJoiner {
  #warm: WarmUp | null = null
  /** One engine per provider for the controller's life: what it learnt (its config) is kept. */
  readonly #engines = new Map<VideoProvider, () => Promise<CallEngine>>()
  /** Camera and microphone have been granted and started at least once this session. */
  mediaAnswered = false

  constructor(
    private readonly bridge: ShoutitBridge,
    private readonly deps: JoinDeps
  ) {}

  /** The settings a warm-up read, for the call that answers the ring. */
  warmSettings(): Promise<unknown> | undefined {
    return this.#warm?.settings
  }

  warmUp(loadSettings: () => Promise<unknown>): void {
    if (this.#warm) return
    const token = this.videoToken()
    const engine = token.then((value) => this.#engineFor(value.provider))
    // Released at once when prepare() has run, or as soon as it runs if the ring ends first.
    let release: (() => void) | undefined
    let released = false
    const warm: WarmUp = {
      settings: loadSettings(),
      token,
      engine,
      release: () => {
        released = true
        release?.()
      },
      timer: this.deps.clock.setTimeout(() => this.coolDown(), WARM_UP_KEPT_MS)
    }
    this.#warm = warm
    engine.then(
      (loaded) => {
        release = loaded.prepare?.()
        if (released) release?.()
      },
      () => undefined
    )
    // A failed warm-up costs nothing: answering fetches again and reports what fails.
    token.catch(() => {
      if (this.#warm === warm) this.coolDown()
    })
  }

  coolDown(): void {
    const warm = this.#warm
    if (!warm) return
    this.#warm = null
    this.deps.clock.clearTimeout(warm.timer)
    warm.release()
  }

  /**
   * Token, camera and microphone, and the engine's code, started together: none waits for
   * another, and each is fetched once per call. The camera starts once `settings` has said
   * which one, from `devices()` as it is then.
   */
  prepare(signal: AbortSignal, settings: Promise<unknown>, devices: () => DeviceChoice, { video = true }: { video?: boolean } = {}): Preparation {
    const media = settings.then(async () => {
      const { stream } = await getCallMedia(this.deps.devices, devices(), { video })
      this.mediaAnswered = true
      return stream
    })
    // The camera may still be starting, or started for a call that ended before joining.
    whenOver(signal, () => {
      void media.then((stream) => {
        for (const track of stream.getTracks()) track.stop()
      }, () => undefined)
    })
    // A ring's warm-up is taken over as it is: its engine's prepare() hands back the same
    // connection, which this call now owns (and releases if it ends before joining).
    const warm = this.#warm
    this.#warm = null
    if (warm) this.deps.clock.clearTimeout(warm.timer)
    const token = warm?.token ?? this.videoToken()
    const engine = (warm?.engine ?? token.then((value) => this.#engineFor(value.provider))).then((loaded) => {
      const release = loaded.prepare?.()
      if (release) whenOver(signal, release)
      return loaded
    })
    const all = Promise.all([token, media, engine]).then(() => undefined)
    // join() reports failures; a call that never gets there must not leave them unhandled.
    for (const step of [token, media, engine, all]) step.catch(() => undefined)
    return { token, media, engine, all }
  }

  /**
   * Token and engine from prepare, then the room, and our camera and microphone in it: the
   * part both directions share. An engine that takes tracks after joining is joined while
   * the camera starts (cameras take from a few tens of milliseconds to a second).
   * `onRoom` gets the room as soon as it is joined, before the late camera is sent.
   */
  async join(signal: AbortSignal, room: string, preparation: Preparation, local: LocalMedia, onRoom: (joined: EngineRoom) => void): Promise<void> {
    const [token, engine] = await whileOn(signal, Promise.all([preparation.token, preparation.engine]))
    const early = engine.joinsBeforeMedia === true
    if (!early) await local.use(await whileOn(signal, preparation.media))
    const joined = await whileOn(
      signal,
      engine.connect({
        room,
        token: token.token,
        identity: token.identity,
        ...(token.iceServers ? { iceServers: token.iceServers } : {}),
        tracks: local.tracks(),
        refreshToken: async () => (await this.videoToken()).token
      }),
      (late) => late.disconnect()
    )
    onRoom(joined)
    if (!early) return
    await local.use(await whileOn(signal, preparation.media))
    await local.sendAll()
  }

  videoToken(): Promise<VideoToken> {
    return request(this.bridge, 'video:getToken', { minValidSeconds: TOKEN_MIN_VALID_SECONDS })
  }

  #engineFor(provider: VideoProvider): Promise<CallEngine> {
    let engine = this.#engines.get(provider)
    // A chunk that failed to load is fetched again by the next call.
    if (!engine) this.#engines.set(provider, (engine = cachedUntilFailure(() => this.deps.loadEngine(provider))))
    return engine()
  }
}
