// Each check's result in words, with what to do about it: the pure mapping from a result to
// a status and the translation keys the screen shows (tested without a browser).
import type { TFunction } from 'i18next'
import type { en } from '../../../common/i18n/locales/en'
import type { PreviewError } from '../settings/useMediaPreview'
import type { PreflightOutcome } from './preflightCheck'
import type { RelayOutcome } from './relayCheck'

export type CheckStatus = 'checking' | 'ok' | 'warning' | 'problem'

/** A translation key of the check (common/i18n/locales/en.ts `deviceCheck`). */
export type CheckKey = `deviceCheck.${keyof (typeof en)['deviceCheck']}`

export interface CheckVerdict {
  status: CheckStatus
  /** What was found. */
  text: CheckKey | PreviewError
  /** What to do about it, when anything. */
  advice?: CheckKey
  values?: Record<string, string | number>
}

// ---- camera -------------------------------------------------------------------------------

export function cameraVerdict(state: { error: PreviewError | null; playing: boolean; hasVideo: boolean }): CheckVerdict {
  if (state.error) return { status: 'problem', text: state.error, advice: state.error === 'devices.notAllowed' ? 'deviceCheck.allowDevices' : 'deviceCheck.pickAnotherCamera' }
  if (state.playing) return { status: 'ok', text: 'deviceCheck.cameraWorks' }
  if (!state.hasVideo) return { status: 'checking', text: 'deviceCheck.cameraStarting' }
  return { status: 'checking', text: 'deviceCheck.cameraWaiting' }
}

// ---- microphone -----------------------------------------------------------------------------

/** A level (useAudioLevel, 0–1) above this is sound rather than the hiss of a silent input. */
export const HEARD_LEVEL = 0.02
/** How long the check listens before it calls a microphone silent. */
export const LISTEN_MS = 4_000

export function microphoneVerdict(state: { error: PreviewError | null; loudest: number; listenedMs: number; hasAudio: boolean }): CheckVerdict {
  if (state.error) return { status: 'problem', text: state.error, advice: state.error === 'devices.notAllowed' ? 'deviceCheck.allowDevices' : 'deviceCheck.pickAnotherMicrophone' }
  if (state.loudest > HEARD_LEVEL) return { status: 'ok', text: 'deviceCheck.microphoneHeard' }
  if (!state.hasAudio || state.listenedMs < LISTEN_MS) return { status: 'checking', text: 'deviceCheck.microphoneListening' }
  return { status: 'warning', text: 'deviceCheck.microphoneSilent', advice: 'deviceCheck.microphoneSilentAdvice' }
}

// ---- speaker ------------------------------------------------------------------------------

export type SpeakerState = { state: 'idle' } | { state: 'playing' } | { state: 'played' } | { state: 'failed'; error: string }

export function speakerVerdict(state: SpeakerState): CheckVerdict {
  switch (state.state) {
    case 'idle':
      return { status: 'checking', text: 'deviceCheck.speakerIdle' }
    case 'playing':
      return { status: 'checking', text: 'deviceCheck.speakerPlaying' }
    case 'played':
      return { status: 'ok', text: 'deviceCheck.speakerPlayed', advice: 'deviceCheck.speakerPlayedAdvice' }
    case 'failed':
      return { status: 'problem', text: 'deviceCheck.speakerFailed', advice: 'deviceCheck.speakerFailedAdvice', values: { error: state.error } }
  }
}

// ---- network ------------------------------------------------------------------------------

/** check:server's reply (common/ipc.ts ServerCheck), or why it could not be asked. */
export type ServerState =
  | { state: 'checking' }
  | { state: 'done'; reachable: true; latencyMs: number }
  | { state: 'done'; reachable: false; reason: 'unreachable' | 'timeout' | 'answered-badly'; status?: number }

/** Round trips slower than this make a call's start and ringing feel slow. */
export const SLOW_SERVER_MS = 1_500

export function serverVerdict(server: ServerState): CheckVerdict {
  if (server.state === 'checking') return { status: 'checking', text: 'deviceCheck.serverChecking' }
  if (server.reachable) {
    if (server.latencyMs > SLOW_SERVER_MS) return { status: 'warning', text: 'deviceCheck.serverSlow', advice: 'deviceCheck.serverSlowAdvice', values: { ms: server.latencyMs } }
    return { status: 'ok', text: 'deviceCheck.serverReachable', values: { ms: server.latencyMs } }
  }
  switch (server.reason) {
    case 'timeout':
      return { status: 'problem', text: 'deviceCheck.serverTimeout', advice: 'deviceCheck.serverUnreachableAdvice' }
    case 'unreachable':
      return { status: 'problem', text: 'deviceCheck.serverUnreachable', advice: 'deviceCheck.serverUnreachableAdvice' }
    case 'answered-badly':
      return { status: 'problem', text: 'deviceCheck.serverAnsweredBadly', advice: 'deviceCheck.serverAnsweredBadlyAdvice', values: { status: server.status ?? 0 } }
  }
}

export type RealtimeConnection = 'disconnected' | 'connecting' | 'connected' | 'unavailable' | 'failed'

export function realtimeVerdict(state: RealtimeConnection | null, isGuest: boolean): CheckVerdict {
  if (isGuest) return { status: 'warning', text: 'deviceCheck.realtimeGuest', advice: 'deviceCheck.needsAccountAdvice' }
  switch (state) {
    case null:
    case 'connecting':
      return { status: 'checking', text: 'deviceCheck.realtimeConnecting' }
    case 'connected':
      return { status: 'ok', text: 'deviceCheck.realtimeConnected' }
    case 'unavailable':
      return { status: 'problem', text: 'deviceCheck.realtimeUnavailable', advice: 'deviceCheck.realtimeUnavailableAdvice' }
    case 'disconnected':
    case 'failed':
      return { status: 'problem', text: 'deviceCheck.realtimeLost', advice: 'deviceCheck.realtimeLostAdvice' }
  }
}

/** The TURN check, or why it did not run: guests have no video token, and fetching one can fail. */
export type RelayState = { state: 'checking' } | { state: 'no-token' } | { state: 'token-failed'; error: string } | ({ state: 'done' } & RelayOutcome)

export function relayVerdict(relay: RelayState): CheckVerdict {
  switch (relay.state) {
    case 'checking':
      return { status: 'checking', text: 'deviceCheck.relayChecking' }
    case 'no-token':
      return { status: 'warning', text: 'deviceCheck.relayNeedsAccount', advice: 'deviceCheck.needsAccountAdvice' }
    case 'token-failed':
      return { status: 'problem', text: 'deviceCheck.relayTokenFailed', advice: 'deviceCheck.serverUnreachableAdvice', values: { error: relay.error } }
    case 'done':
      switch (relay.kind) {
        case 'relayed':
          return { status: 'ok', text: 'deviceCheck.relayWorks' }
        case 'not-configured':
          return { status: 'ok', text: 'deviceCheck.relayNotConfigured' }
        case 'no-relay':
          return { status: 'warning', text: 'deviceCheck.relayFailed', advice: 'deviceCheck.relayFailedAdvice' }
        case 'unsupported':
          return { status: 'warning', text: 'deviceCheck.relayUnsupported' }
      }
  }
}

export type PreflightState = { state: 'checking' } | ({ state: 'done' } & PreflightOutcome)

export function preflightVerdict(preflight: PreflightState): CheckVerdict {
  if (preflight.state === 'checking') return { status: 'checking', text: 'deviceCheck.preflightChecking' }
  const values = { rtt: preflight.kind === 'failed' ? 0 : (preflight.rttMs ?? 0), loss: preflight.kind === 'failed' ? 0 : (preflight.packetLossPercent ?? 0) }
  switch (preflight.kind) {
    case 'passed':
      return { status: 'ok', text: 'deviceCheck.preflightPassed', values }
    case 'poor':
      return { status: 'warning', text: 'deviceCheck.preflightPoor', advice: 'deviceCheck.preflightPoorAdvice', values }
    case 'failed':
      return { status: 'problem', text: 'deviceCheck.preflightFailed', advice: 'deviceCheck.preflightFailedAdvice', values: { code: preflight.code ?? 0 } }
  }
}

/** Untyped lookup for a key chosen at run time: every key above is checked against en.ts by CheckKey. */
type LooseT = (key: string, values: Record<string, string | number>) => string

/** A verdict's sentence and advice in the active language. */
export function wordsOf(t: TFunction, verdict: CheckVerdict): { text: string; advice?: string } {
  const say = t as unknown as LooseT
  const values = verdict.values ?? {}
  return { text: say(verdict.text, values), ...(verdict.advice ? { advice: say(verdict.advice, values) } : {}) }
}
