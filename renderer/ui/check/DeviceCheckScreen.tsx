import { useCallback, useEffect, useId, useRef, useState } from 'react'
import type { Profile } from '../../../common/api'
import type { RealtimeState } from '../../../common/ipc'
import { displayName } from '../../../common/display-name'
import { messageOf, useBridge } from '../bridge'
import { FocusHeading } from '../components/FocusHeading'
import { useWords } from '../i18n/LanguageProvider'
import { DevicePicker, type DeviceChoice } from '../settings/DeviceSettings'
import { playTestSound } from '../settings/speaker'
import { useAudioLevel } from '../settings/useAudioLevel'
import { useMediaDevices } from '../settings/useMediaDevices'
import { useMediaPreview } from '../settings/useMediaPreview'
import {
  cameraVerdict,
  LISTEN_MS,
  microphoneVerdict,
  preflightVerdict,
  realtimeVerdict,
  relayVerdict,
  serverVerdict,
  speakerVerdict,
  type CheckStatus,
  type CheckVerdict,
  type SpeakerState,
  wordsOf
} from './checkWords'
import { CHECKING, runNetworkChecks, type NetworkState } from './networkCheck'
import { loadTwilioPreflight } from './preflightCheck'
import { checkRelay } from './relayCheck'

export interface BeforeCall {
  peer: Profile
  onStart: () => void
  onCancel: () => void
}

interface DeviceCheckScreenProps {
  isGuest: boolean
  devices: DeviceChoice
  onDevicesChange: (change: DeviceChoice) => void
  realtime: RealtimeState | null
  /** Shown before an outgoing call: "Start call" and "Cancel" instead of "Done". */
  beforeCall?: BeforeCall
  onDone: () => void
}

const STATUS_WORD = {
  checking: 'deviceCheck.statusChecking',
  ok: 'deviceCheck.statusOk',
  warning: 'deviceCheck.statusWarning',
  problem: 'deviceCheck.statusProblem'
} as const satisfies Record<CheckStatus, string>

/**
 * "Check your devices": the chosen camera in a preview, the chosen microphone's level, a
 * test sound on the chosen speaker, and whether the server, incoming calls and the media
 * path (TURN, or Twilio's preflight test) work, each in words with what to do.
 */
export function DeviceCheckScreen({ isGuest, devices, onDevicesChange, realtime, beforeCall, onDone }: DeviceCheckScreenProps) {
  const { t } = useWords()
  const lists = useMediaDevices()
  const { stream, error } = useMediaPreview(devices.cameraId, devices.microphoneId)
  const level = useAudioLevel(stream)
  const videoRef = useRef<HTMLVideoElement>(null)
  const [playing, setPlaying] = useState(false)
  const [loudest, setLoudest] = useState(0)
  const [listenedEnough, setListenedEnough] = useState(false)
  const [speaker, setSpeaker] = useState<SpeakerState>({ state: 'idle' })
  const network = useNetworkChecks(isGuest)
  const meterLabelId = useId()
  const { refresh } = lists

  useEffect(() => {
    setPlaying(false)
    setLoudest(0)
    setListenedEnough(false)
    if (videoRef.current) videoRef.current.srcObject = stream
    if (!stream) return
    // Permission just granted: the device names are readable now.
    refresh()
    const timer = setTimeout(() => setListenedEnough(true), LISTEN_MS)
    return () => clearTimeout(timer)
  }, [stream, refresh])

  useEffect(() => setLoudest((previous) => Math.max(previous, level)), [level])

  const hasVideo = (stream?.getVideoTracks().length ?? 0) > 0
  const hasAudio = (stream?.getAudioTracks().length ?? 0) > 0
  const rows: Array<{ name: string; verdict: CheckVerdict }> = [
    { name: t('deviceCheck.camera'), verdict: cameraVerdict({ error, playing, hasVideo }) },
    { name: t('deviceCheck.microphone'), verdict: microphoneVerdict({ error, loudest, listenedMs: listenedEnough ? LISTEN_MS : 0, hasAudio }) },
    { name: t('deviceCheck.speaker'), verdict: speakerVerdict(speaker) },
    { name: t('deviceCheck.server'), verdict: serverVerdict(network.state.server) },
    { name: t('deviceCheck.realtime'), verdict: realtimeVerdict(realtime?.state ?? null, isGuest) },
    ...(network.state.relay ? [{ name: t('deviceCheck.relay'), verdict: relayVerdict(network.state.relay) }] : []),
    ...(network.state.preflight ? [{ name: t('deviceCheck.preflight'), verdict: preflightVerdict(network.state.preflight) }] : [])
  ]

  const playSound = () => {
    setSpeaker({ state: 'playing' })
    playTestSound(devices.speakerId)
      .then(() => setSpeaker({ state: 'played' }))
      .catch((thrown: unknown) => setSpeaker({ state: 'failed', error: messageOf(thrown) }))
  }

  return (
    <main className="screen device-check-screen">
      <FocusHeading>{t('deviceCheck.heading')}</FocusHeading>
      {beforeCall && <p className="device-check-before">{t('deviceCheck.beforeCall', { name: displayName(beforeCall.peer) })}</p>}
      <p className="hint">{t('deviceCheck.intro')}</p>
      <div className="device-check">
        <section className="device-check-media" aria-label={t('deviceCheck.devicesHeading')}>
          <figure className="preview">
            <video ref={videoRef} autoPlay muted playsInline aria-label={t('devices.preview')} onPlaying={() => setPlaying(true)} />
          </figure>
          <div className="field">
            <span id={meterLabelId}>{t('devices.microphoneLevel')}</span>
            <meter aria-labelledby={meterLabelId} min={0} max={1} low={0.1} high={0.8} optimum={0.5} value={level} />
          </div>
          <DevicePicker label={t('devices.camera')} devices={lists.cameras} value={devices.cameraId} onChange={(cameraId) => onDevicesChange({ cameraId })} />
          <DevicePicker
            label={t('devices.microphone')}
            devices={lists.microphones}
            value={devices.microphoneId}
            onChange={(microphoneId) => onDevicesChange({ microphoneId })}
          />
          <DevicePicker
            label={t('devices.speaker')}
            devices={lists.speakers}
            value={devices.speakerId}
            onChange={(speakerId) => onDevicesChange({ speakerId })}
            emptyText={t('devices.speakerNotSelectable')}
          />
          <button type="button" disabled={speaker.state === 'playing'} onClick={playSound}>
            {t('devices.playTestSound')}
          </button>
        </section>
        <section className="device-check-results" aria-label={t('deviceCheck.resultsLabel')}>
          <ul className="check-results" aria-label={t('deviceCheck.resultsLabel')}>
            {rows.map(({ name, verdict }) => {
              const words = wordsOf(t, verdict)
              return (
                <li key={name} className={`check-result check-${verdict.status}`}>
                  <span className="check-name">{name}</span>
                  <span className="check-status">{t(STATUS_WORD[verdict.status])}</span>
                  <span className="check-text">{words.text}</span>
                  {words.advice && <span className="check-advice">{words.advice}</span>}
                </li>
              )
            })}
          </ul>
          <button type="button" disabled={network.running} onClick={network.rerun}>
            {t('deviceCheck.runAgain')}
          </button>
        </section>
      </div>
      <div className="button-row device-check-actions">
        {beforeCall ? (
          <>
            <button type="button" className="primary" onClick={beforeCall.onStart}>
              {t('deviceCheck.startCall')}
            </button>
            <button type="button" onClick={beforeCall.onCancel}>
              {t('common.cancel')}
            </button>
          </>
        ) : (
          <button type="button" onClick={onDone}>
            {t('common.done')}
          </button>
        )}
      </div>
    </main>
  )
}

/** Runs the network checks on first show and on "Check again"; a result from an older run is dropped. */
function useNetworkChecks(isGuest: boolean): { state: NetworkState; running: boolean; rerun: () => void } {
  const bridge = useBridge()
  const [state, setState] = useState<NetworkState>(CHECKING)
  const [running, setRunning] = useState(true)
  const [run, setRun] = useState(0)
  useEffect(() => {
    let current = true
    setState(CHECKING)
    setRunning(true)
    void runNetworkChecks({ bridge, checkRelay: (servers) => checkRelay(servers), loadPreflight: loadTwilioPreflight }, isGuest, (change) => {
      if (current) setState((previous) => ({ ...previous, ...change }))
    }).finally(() => {
      if (current) setRunning(false)
    })
    return () => {
      current = false
    }
  }, [bridge, isGuest, run])
  const rerun = useCallback(() => setRun((count) => count + 1), [])
  return { state, running, rerun }
}

export default DeviceCheckScreen
