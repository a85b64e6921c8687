// The device check's pure logic: each result in words with what to do, the TURN check's
// outcome from the candidates gathering produced (and the gathering itself against a
// scripted peer connection), Twilio's preflight against a fake PreflightTest, and which
// network checks run for which provider.
import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import type { InvokeChannel, IpcResult, ShoutitBridge } from '../../../../common/ipc'
import { en } from '../../../../common/i18n/locales/en'
import {
  cameraVerdict,
  LISTEN_MS,
  microphoneVerdict,
  preflightVerdict,
  realtimeVerdict,
  relayVerdict,
  serverVerdict,
  speakerVerdict,
  wordsOf,
  type CheckVerdict
} from '../../../../renderer/ui/check/checkWords'
import { runNetworkChecks, type NetworkState } from '../../../../renderer/ui/check/networkCheck'
import { preflightOutcomeOf, runTwilioPreflight, type PreflightTestLike, type RunPreflight } from '../../../../renderer/ui/check/preflightCheck'
import { checkRelay, relayOutcomeOf, turnServersOf } from '../../../../renderer/ui/check/relayCheck'
import { createI18n, translatorOf } from '../../../../common/i18n/create'

const t = translatorOf(createI18n('en'))
const say = (verdict: CheckVerdict) => wordsOf(t, verdict)

describe('results in words', () => {
  it('says a silent microphone is silent only after listening, with what to do', () => {
    expect(microphoneVerdict({ error: null, loudest: 0, listenedMs: 1_000, hasAudio: true }).status).toBe('checking')
    const silent = microphoneVerdict({ error: null, loudest: 0.001, listenedMs: LISTEN_MS, hasAudio: true })
    expect(silent.status).toBe('warning')
    expect(say(silent)).toEqual({
      text: 'Your microphone is silent.',
      advice: 'Check it is not muted on the device, or pick another one.'
    })
    expect(say(microphoneVerdict({ error: null, loudest: 0.3, listenedMs: 0, hasAudio: true }))).toEqual({ text: 'Your microphone picks up sound.' })
  })

  it('points a refused camera at the system settings, and a missing one at another camera', () => {
    const refused = cameraVerdict({ error: 'devices.notAllowed', playing: false, hasVideo: false })
    expect(refused.status).toBe('problem')
    expect(say(refused).advice).toContain('system settings')
    expect(say(cameraVerdict({ error: 'devices.notFound', playing: false, hasVideo: false })).advice).toBe(en.deviceCheck.pickAnotherCamera)
    expect(cameraVerdict({ error: null, playing: true, hasVideo: true })).toEqual({ status: 'ok', text: 'deviceCheck.cameraWorks' })
  })

  it('words the server check with its time, and tells a slow or wrong server from an unreachable one', () => {
    expect(say(serverVerdict({ state: 'done', reachable: true, latencyMs: 85 })).text).toBe('The server answers (85 ms).')
    expect(serverVerdict({ state: 'done', reachable: true, latencyMs: 2_400 }).status).toBe('warning')
    const badly = serverVerdict({ state: 'done', reachable: false, reason: 'answered-badly', status: 404 })
    expect(say(badly).text).toBe('Something answered, but not the Shoutit server (status 404).')
    const down = serverVerdict({ state: 'done', reachable: false, reason: 'unreachable' })
    expect(down.status).toBe('problem')
    expect(say(down).advice).toMatch(/internet connection/)
  })

  it('follows the realtime state, and says guests cannot receive calls', () => {
    expect(realtimeVerdict('connected', false).status).toBe('ok')
    expect(realtimeVerdict('connecting', false).status).toBe('checking')
    expect(realtimeVerdict('failed', false).status).toBe('problem')
    expect(say(realtimeVerdict('connected', true)).text).toBe('Guests cannot receive calls.')
  })

  it('says "no TURN server configured" when there is none, and what a failed relay means', () => {
    expect(say(relayVerdict({ state: 'done', kind: 'not-configured' })).text).toBe('No TURN server configured — direct connections only.')
    const failed = relayVerdict({ state: 'done', kind: 'no-relay' })
    expect(failed.status).toBe('warning')
    expect(say(failed).advice).toMatch(/another network/)
    expect(relayVerdict({ state: 'done', kind: 'relayed' }).status).toBe('ok')
  })

  it('words the speaker test and the Twilio preflight with its figures', () => {
    expect(say(speakerVerdict({ state: 'failed', error: 'NotFoundError' })).text).toBe('The test sound could not play: NotFoundError')
    expect(say(preflightVerdict({ state: 'done', kind: 'passed', rttMs: 40, packetLossPercent: 0 })).text).toBe('Twilio media test passed (round trip 40 ms, 0 % loss).')
    expect(say(preflightVerdict({ state: 'done', kind: 'failed', code: 53000 })).text).toBe('Twilio media test failed (code 53000).')
  })
})

describe('the TURN check', () => {
  const turn = { urls: ['turn:127.0.0.1:3478?transport=udp', 'stun:127.0.0.1:3478'], username: '1700000000:alice', credential: 'c2VjcmV0' }

  it('keeps only TURN servers and URLs: STUN cannot relay', () => {
    expect(turnServersOf([{ urls: 'stun:stun.example:3478' }])).toEqual([])
    expect(turnServersOf([turn])).toEqual([{ urls: ['turn:127.0.0.1:3478?transport=udp'], username: turn.username, credential: turn.credential }])
    expect(turnServersOf(undefined)).toEqual([])
  })

  it('reads a relay from the candidate type, or from the SDP line when the type is missing', () => {
    const host = { type: 'host' as const, candidate: 'candidate:1 1 udp 2122260223 192.168.1.2 50000 typ host' }
    const relay = { type: null, candidate: 'candidate:2 1 udp 41885439 127.0.0.1 50001 typ relay raddr 0.0.0.0 rport 0' }
    expect(relayOutcomeOf([host])).toEqual({ kind: 'no-relay' })
    expect(relayOutcomeOf([host, relay])).toEqual({ kind: 'relayed' })
    expect(relayOutcomeOf([])).toEqual({ kind: 'no-relay' })
  })

  it('gathers with relay-only policy through the TURN servers, and closes the connection', async () => {
    const script = new ScriptedConnection(['candidate:2 1 udp 41885439 127.0.0.1 50001 typ relay raddr 0.0.0.0 rport 0'])
    const outcome = await checkRelay([turn, { urls: 'stun:stun.example' }], { createPeerConnection: script.create })
    expect(outcome).toEqual({ kind: 'relayed' })
    expect(script.config).toEqual({ iceServers: [{ urls: ['turn:127.0.0.1:3478?transport=udp'], username: turn.username, credential: turn.credential }], iceTransportPolicy: 'relay' })
    expect(script.closed).toBe(true)
  })

  it('reports no relay when gathering ends without one, or times out', async () => {
    expect(await checkRelay([turn], { createPeerConnection: new ScriptedConnection([]).create })).toEqual({ kind: 'no-relay' })
    const silent = new ScriptedConnection([], { endGathering: false })
    expect(await checkRelay([turn], { createPeerConnection: silent.create, timeoutMs: 20 })).toEqual({ kind: 'no-relay' })
    expect(silent.closed).toBe(true)
  })

  it('says not configured without creating a connection when there is no TURN server', async () => {
    const script = new ScriptedConnection([])
    expect(await checkRelay([{ urls: 'stun:stun.example' }], { createPeerConnection: script.create })).toEqual({ kind: 'not-configured' })
    expect(script.config).toBeUndefined()
  })
})

describe("Twilio's preflight", () => {
  it('reports round trip and loss, and calls a poor connection poor', async () => {
    const fake = new FakePreflight()
    const outcome = runTwilioPreflight(fake.run, 'twilio-token')
    fake.test.emit('completed', { stats: { rtt: { average: 42.4 }, packetLoss: { average: 0.5 } } })
    expect(await outcome).toEqual({ kind: 'passed', rttMs: 42, packetLossPercent: 0.5 })
    expect(fake.tokens).toEqual(['twilio-token'])
    expect(preflightOutcomeOf({ stats: { rtt: { average: 900 }, packetLoss: null } })).toEqual({ kind: 'poor', rttMs: 900 })
  })

  it("passes on the SDK's error code when the test fails, and stops a test that hangs", async () => {
    const fake = new FakePreflight()
    const outcome = runTwilioPreflight(fake.run, 'twilio-token')
    fake.test.emit('failed', Object.assign(new Error('Signaling connection error'), { code: 53000 }))
    expect(await outcome).toEqual({ kind: 'failed', code: 53000 })
    const hung = new FakePreflight()
    expect(await runTwilioPreflight(hung.run, 'twilio-token', 20)).toEqual({ kind: 'failed' })
    expect(hung.test.stopped).toBe(true)
  })
})

describe('which network checks run', () => {
  it('p2p: the server and a TURN allocation through the token’s ICE servers; no preflight', async () => {
    const iceServers = [{ urls: 'turn:turn.example:3478', username: 'u', credential: 'c' }]
    const bridge = fakeBridge({ 'check:server': { reachable: true, latencyMs: 12 }, 'video:getToken': { token: 't', identity: 'a'.repeat(32), expiresAt: 1, provider: 'p2p', iceServers } })
    const asked: unknown[] = []
    const state = await collect((report) =>
      runNetworkChecks({ bridge, checkRelay: (servers) => (asked.push(servers), Promise.resolve({ kind: 'relayed' })), loadPreflight: () => Promise.reject(new Error('not for p2p')) }, false, report)
    )
    expect(state).toEqual({ server: { state: 'done', reachable: true, latencyMs: 12 }, relay: { state: 'done', kind: 'relayed' }, preflight: null })
    expect(asked).toEqual([iceServers])
  })

  it('Twilio: the preflight test with the video token instead of a TURN check', async () => {
    const bridge = fakeBridge({ 'check:server': { reachable: true, latencyMs: 30 }, 'video:getToken': { token: 'twilio-jwt', identity: 'a'.repeat(32), expiresAt: 1, provider: 'twilio' } })
    const fake = new FakePreflight()
    const done = collect((report) =>
      runNetworkChecks({ bridge, checkRelay: () => Promise.reject(new Error('not for Twilio')), loadPreflight: () => Promise.resolve(fake.run) }, false, report)
    )
    await new Promise((resolve) => setTimeout(resolve, 0))
    fake.test.emit('completed', { stats: { rtt: { average: 80 }, packetLoss: { average: 0 } } })
    expect(await done).toEqual({ server: { state: 'done', reachable: true, latencyMs: 30 }, relay: null, preflight: { state: 'done', kind: 'passed', rttMs: 80, packetLossPercent: 0 } })
    expect(fake.tokens).toEqual(['twilio-jwt'])
  })

  it('a guest: the server only, and the relay says it needs an account', async () => {
    const bridge = fakeBridge({ 'check:server': { reachable: false, reason: 'timeout' } })
    const state = await collect((report) => runNetworkChecks({ bridge, checkRelay: () => Promise.reject(new Error('no')), loadPreflight: () => Promise.reject(new Error('no')) }, true, report))
    expect(state).toEqual({ server: { state: 'done', reachable: false, reason: 'timeout' }, relay: { state: 'no-token' }, preflight: null })
  })

  it('a token that cannot be fetched is said, with main’s words', async () => {
    const bridge = fakeBridge({ 'check:server': { reachable: true, latencyMs: 1 } }, { 'video:getToken': 'The server cannot be reached.' })
    const state = await collect((report) => runNetworkChecks({ bridge, checkRelay: () => Promise.reject(new Error('no')), loadPreflight: () => Promise.reject(new Error('no')) }, false, report))
    expect(state.relay).toEqual({ state: 'token-failed', error: 'The server cannot be reached.' })
  })
})

// ---- fakes --------------------------------------------------------------------------------

class ScriptedConnection extends EventTarget {
  config: RTCConfiguration | undefined
  closed = false
  constructor(
    private readonly candidates: string[],
    private readonly options: { endGathering?: boolean } = {}
  ) {
    super()
  }
  readonly create = (config: RTCConfiguration): RTCPeerConnection => {
    this.config = config
    return this as unknown as RTCPeerConnection
  }
  createDataChannel(): void {}
  createOffer(): Promise<RTCSessionDescriptionInit> {
    return Promise.resolve({ type: 'offer', sdp: 'v=0' })
  }
  setLocalDescription(): Promise<void> {
    setTimeout(() => {
      for (const candidate of this.candidates) this.#emit({ candidate, type: null })
      if (this.options.endGathering !== false) this.#emit(null)
    }, 0)
    return Promise.resolve()
  }
  close(): void {
    this.closed = true
  }
  #emit(candidate: { candidate: string; type: null } | null): void {
    this.dispatchEvent(Object.assign(new Event('icecandidate'), { candidate }))
  }
}

class FakePreflightTest extends EventEmitter implements PreflightTestLike {
  stopped = false
  stop(): void {
    this.stopped = true
  }
}

class FakePreflight {
  readonly test = new FakePreflightTest()
  readonly tokens: string[] = []
  readonly run: RunPreflight = (token) => {
    this.tokens.push(token)
    return this.test
  }
}

function fakeBridge(replies: Partial<Record<InvokeChannel, unknown>>, errors: Partial<Record<InvokeChannel, string>> = {}): ShoutitBridge {
  return {
    invoke: (channel) => {
      const message = errors[channel]
      const result: IpcResult<unknown> = message !== undefined ? { ok: false, error: { code: 'network', message } } : { ok: true, value: replies[channel] }
      return Promise.resolve(result) as never
    },
    on: () => () => undefined
  }
}

async function collect(run: (report: (change: Partial<NetworkState>) => void) => Promise<void>): Promise<NetworkState> {
  let state: NetworkState = { server: { state: 'checking' }, relay: { state: 'checking' }, preflight: null }
  await run((change) => (state = { ...state, ...change }))
  return state
}
