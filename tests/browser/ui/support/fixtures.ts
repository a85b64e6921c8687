// Data for the UI tests and the benchmark: a signed-in member, a guest, people and history.
import type { Profile } from '../../../../common/api'
import type { CallRecord } from '../../../../common/calls'
import type { SessionView, Settings } from '../../../../common/ipc'
import type { CallPhase, CallStats } from '../../../../renderer/calling/controller-types'
import type { FakeScenario } from './fake-bridge'

export function profile(username: string, name: string, extra: Partial<Profile> = {}): Profile {
  return {
    id: `id-${username}`,
    username,
    name,
    type: 'user',
    first_name: name.split(' ')[0] ?? '',
    last_name: name.split(' ').slice(1).join(' '),
    image: null,
    ...extra
  }
}

export const me = profile('ada', 'Ada Lovelace')
export const alice = profile('alice', 'Alice Liddell', { is_online: true })
export const bob = profile('bob', 'Bob Dylan', { is_online: false })
export const carol = profile('carol', 'Carol Danvers')

const storage = { persistent: true, backend: 'test keyring' }

export const memberSession: SessionView = {
  state: 'signed-in',
  profile: { ...me, is_guest: false, email: 'ada@example.com' },
  isGuest: false,
  storage
}

export const guestSession: SessionView = {
  state: 'signed-in',
  profile: { ...profile('guest-1234', 'Guest'), is_guest: true },
  isGuest: true,
  storage
}

export const signedOut: SessionView = { state: 'signed-out', storage }

export const defaultSettings: Settings = { doNotDisturb: false, launchAtLogin: false, retryPauseSeconds: 10, hardwareAcceleration: true, noiseSuppression: true, background: 'none', backgroundPictureId: 'dawn', ringtone: 'classic', ringtoneVolume: 40, missedCallNotifications: true, theme: 'system', pictureInPicture: true, language: 'system', checkDevicesBeforeCall: false }

export function historyAt(now: number): CallRecord[] {
  return [
    { id: 'h1', direction: 'incoming', peer: bob, startedAt: now - 5 * 60_000, outcome: 'missed' },
    { id: 'h2', direction: 'outgoing', peer: alice, startedAt: now - 3 * 3_600_000, outcome: 'answered', durationSeconds: 65 }
  ]
}

/** main's answer to app:language for a German system (a scenario override makes the app German). */
export const german = { 'app:language': { language: 'de', system: 'de' } } as const

/** A member with people, history and healthy connections: the everyday first screen. */
export function memberScenario(now = Date.now(), overrides: Partial<FakeScenario['replies']> = {}): FakeScenario {
  return {
    people: [alice, bob, carol],
    replies: {
      'session:get': memberSession,
      'servers:get': {
        profiles: [
          { id: 'production', label: 'Shoutit', url: 'https://api.shoutit.example' },
          { id: 'local', label: 'This computer', url: 'http://127.0.0.1:8080' },
          { id: 'custom', label: 'Other server…', url: '' }
        ],
        selected: 'production',
        url: 'https://api.shoutit.example'
      },
      'settings:get': defaultSettings,
      // No picture of the user's own yet.
      'background:getPicture': null,
      'app:about': { name: 'Shoutit', version: '0.1.0' },
      'app:platform': { os: 'linux' },
      'history:list': historyAt(now),
      'missed:count': { count: 1 },
      'missed:markSeen': { ok: true },
      'history:clear': { ok: true },
      'history:restoreCleared': { ok: true },
      'realtime:state': { state: 'connected' },
      'video:tokenState': { state: 'fresh', expiresAt: Math.floor(now / 1000) + 86_400 },
      'update:state': { state: 'idle' },
      'update:installNow': { ok: true },
      'app:ready': { ok: true },
      'ring:current': null,
      'ring:accept': { ok: true },
      'ring:decline': { ok: true },
      'ring:callBack': { ok: true },
      'ring:dismiss': { ok: true },
      'screen:choose': { ok: true },
      ...overrides
    }
  }
}

export type InCallPhase = Extract<CallPhase, { phase: 'in-call' }>

/** A call with alice, on for 1:05, with every camera and microphone on; `change` overrides any of it. */
export function inCallPhase(change: Partial<InCallPhase> = {}): InCallPhase {
  return {
    phase: 'in-call',
    peer: alice,
    startedAt: Date.now() - 65_000,
    reconnecting: false,
    networkQuality: null,
    muted: false,
    cameraOff: false,
    sharingScreen: false,
    remote: { audioMuted: false, videoOff: false, reconnecting: false },
    participants: [{ identity: 'alice-identity', remote: { audioMuted: false, videoOff: false, reconnecting: false }, speaking: false }],
    invitations: [],
    ...change
  }
}

/** A call's figures as the Call quality panel shows them: a healthy link, the other side sending small video. */
export const SAMPLE_STATS: CallStats = {
  sendBitrate: 1_234_000,
  receiveBitrate: 456_000,
  packetLoss: 0.012,
  remoteLossFraction: 0.003,
  roundTripTime: 0.042,
  sentVideo: { width: 1280, height: 720, framesPerSecond: 30 },
  receivedVideo: { width: 320, height: 180, framesPerSecond: 15 },
  videoCodec: 'VP8',
  audioCodec: 'opus',
  route: 'relayed',
  qualityLimitationReason: 'none',
  cause: 'remote'
}

export const dave = profile('dave', 'Dave Brubeck')
export const erin = profile('erin', 'Erin Brockovich')
export const frank = profile('frank', 'Frank Ocean')

export interface GroupMember {
  profile: Profile
  muted?: boolean
  cameraOff?: boolean
  speaking?: boolean
}

/** The identity the fake controller's group media uses for this person. */
export const identityOf = (person: Profile): string => `${person.username}-identity`

/**
 * A group call with alice first (the peer) and then each of `others`, as the controller
 * names them; `change` overrides any of it. Media: attachCallMedia(page, groupIdentities(phase)).
 */
export function groupCallPhase(others: (Profile | GroupMember)[], change: Partial<InCallPhase> = {}): InCallPhase {
  const members: GroupMember[] = [{ profile: alice }, ...others.map((other) => ('profile' in other ? other : { profile: other }))]
  return inCallPhase({
    participants: members.map((member) => ({
      identity: identityOf(member.profile),
      name: member.profile.name,
      remote: { audioMuted: member.muted ?? false, videoOff: member.cameraOff ?? false, reconnecting: false },
      speaking: member.speaking ?? false
    })),
    ...change
  })
}

export const groupIdentities = (phase: InCallPhase): string[] => phase.participants.map((participant) => participant.identity)

/** What main answers the device check with: the server in 42 ms, and a p2p token with no TURN server. */
export function deviceCheckReplies(now = Date.now()) {
  return {
    'check:server': { reachable: true, latencyMs: 42 },
    'video:getToken': { token: 'token-for-the-check', identity: 'a'.repeat(32), expiresAt: Math.floor(now / 1000) + 3_600, provider: 'p2p' }
  } as const
}
