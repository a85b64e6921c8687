import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react'
import type { PrivacyDevice, Settings } from '../../../common/ipc'
import type { CallController, CallPhase } from '../../calling/controller-types'
import { messageOf, request, useBridge } from '../bridge'
import { Avatar } from '../components/Avatar'
import { Dialog } from '../components/Dialog'
import { FocusHeading } from '../components/FocusHeading'
import { endedMessage, formatDuration, spokenDuration } from '../format'
import { useElapsedSeconds } from '../hooks/useElapsedSeconds'
import { useDesktopOs } from '../hooks/useDesktopOs'
import { useNotify } from '../hooks/useNotices'
import { useWindowWatched } from '../hooks/useWindowWatched'
import { useWords } from '../i18n/LanguageProvider'
import { BackgroundSettings } from '../settings/BackgroundSettings'
import { DeviceSettings } from '../settings/DeviceSettings'
import { useAudioLevel } from '../settings/useAudioLevel'
import { CallIcon } from './CallIcons'
import { CameraToggle, MuteToggle, useShortcutTitle } from './CallToggles'
import { keyShortcutFor } from './callShortcuts'
import { MediaView } from './MediaView'
import { SPEECH_LEVEL, createMutedHint } from './mutedHint'
import { NetworkQuality } from './NetworkQuality'
import { QualityPanel } from './QualityPanel'
import { useCompactControls } from './useCompactControls'
import { useControlsAutoHide } from './useControlsAutoHide'
import { AddPeopleDialog } from './AddPeopleDialog'
import { ParticipantGrid } from './ParticipantGrid'
import { participantName } from './participantName'
import { isGroupCall } from './speakerPolicy'
import { useFeaturedParticipant } from './useFeaturedParticipant'
import { othersInCall } from '../../../common/call-participants'
import { displayName } from '../../../common/display-name'
import { MutedBadge, SpeakingBadge } from './TileBadges'

type Phase<P extends CallPhase['phase']> = Extract<CallPhase, { phase: P }>
type DeviceChoice = Partial<Pick<Settings, 'cameraId' | 'microphoneId' | 'speakerId' | 'noiseSuppression' | 'background' | 'backgroundPictureId'>>

interface CallScreenProps {
  controller: CallController
  phase: Exclude<CallPhase, { phase: 'idle' }>
  devices: DeviceChoice
  /** Saves a device choice; the controller and the speaker follow the saved settings. */
  onDevicesChange: (change: DeviceChoice) => void
  /** "Call again" from the ended view; absent for guests. */
  onCallAgain?: (phase: Phase<'ended'>) => void
  /** False while the app cannot reach the server (Add people's search shows presence as unknown). */
  presenceKnown?: boolean
}

/** The whole call, from "calling…" to "call ended". Loaded with the controller, never before. */
export default function CallScreen({ controller, phase, devices, onDevicesChange, onCallAgain, presenceKnown = true }: CallScreenProps) {
  const subscribe = useCallback((listener: () => void) => controller.subscribe(listener), [controller])
  // Streams are read one by one: each keeps its identity, so the snapshot is stable.
  const localStream = useSyncExternalStore(subscribe, () => controller.getMedia().localStream)
  const remoteStream = useSyncExternalStore(subscribe, () => controller.getMedia().remoteStream)
  const remoteStreams = useSyncExternalStore(subscribe, () => controller.getMedia().remoteStreams)

  switch (phase.phase) {
    case 'preparing':
    case 'ringing':
    case 'connecting':
      return <OutgoingView phase={phase} controller={controller} localStream={localStream} />
    case 'in-call':
      return (
        <InCallView
          phase={phase}
          controller={controller}
          localStream={localStream}
          remoteStream={remoteStream}
          remoteStreams={remoteStreams}
          devices={devices}
          onDevicesChange={onDevicesChange}
          presenceKnown={presenceKnown}
        />
      )
    case 'ended':
      return <EndedView phase={phase} onClose={() => controller.dismiss()} onCallAgain={onCallAgain} />
  }
}

function OutgoingView({
  phase,
  controller,
  localStream
}: {
  phase: Phase<'preparing'> | Phase<'ringing'> | Phase<'connecting'>
  controller: CallController
  localStream: MediaStream | null
}) {
  const { t } = useWords()
  const cancelTitle = useShortcutTitle()(t('common.cancel'), 'hang-up')
  const name = displayName(phase.peer)
  // Where the call is, in a word: the heading already says who.
  const status =
    phase.phase === 'ringing'
      ? phase.calleeOffline
        ? t('call.calleeOffline')
        : t('call.ringing')
      : phase.phase === 'connecting'
        ? t('call.connecting')
        : t('call.calling')
  return (
    <main className="screen call-screen outgoing">
      {localStream && !phase.cameraOff && <MediaView stream={localStream} label={t('call.yourCamera')} muted mirrored className="backdrop-video" />}
      <div className="call-card">
        <Avatar profile={phase.peer} size="large" />
        {/* Answering: their name; calling out: "Calling <name>". */}
        <FocusHeading>{phase.phase === 'connecting' ? name : t('call.callingName', { name })}</FocusHeading>
        <p role="status" className="call-status">
          {status}
        </p>
        {/* Mute and camera work before the call connects; it starts as they are set. */}
        <div className="call-controls outgoing-controls" role="toolbar" aria-label={t('call.controls')} onKeyDown={moveFocusWithArrows}>
          <MuteToggle controller={controller} muted={phase.muted} />
          <CameraToggle controller={controller} cameraOff={phase.cameraOff} />
          <button
            type="button"
            className="danger"
            aria-keyshortcuts={keyShortcutFor('hang-up')}
            title={cancelTitle}
            onClick={() => controller.hangUp()}
          >
            {t('common.cancel')}
          </button>
        </div>
      </div>
    </main>
  )
}

function InCallView({
  phase,
  controller,
  localStream,
  remoteStream,
  remoteStreams,
  devices,
  onDevicesChange,
  presenceKnown
}: {
  phase: Phase<'in-call'>
  controller: CallController
  localStream: MediaStream | null
  remoteStream: MediaStream | null
  remoteStreams: Readonly<Record<string, MediaStream>>
  devices: DeviceChoice
  onDevicesChange: (change: DeviceChoice) => void
  presenceKnown: boolean
}) {
  const { t, language } = useWords()
  const hangUpTitle = useShortcutTitle()(t('call.hangUp'), 'hang-up')
  const name = displayName(phase.peer)
  const elapsed = useElapsedSeconds(phase.startedAt)
  const notify = useNotify()
  const [panel, setPanel] = useState<'devices' | 'quality' | null>(null)
  const [showAddPeople, setShowAddPeople] = useState(false)
  const [speakerView, setSpeakerView] = useState(false)
  const [pinned, setPinned] = useState<string | null>(null)
  const group = isGroupCall(phase.participants)
  const featured = useFeaturedParticipant(phase.participants, pinned)
  const names = phase.participants.map((participant, index) => participantName(participant, index, phase.peer, t))
  const toggleScreenShare = () => {
    const action = phase.sharingScreen ? controller.stopScreenShare() : controller.startScreenShare()
    action.catch((error: unknown) => notify({ level: 'error', message: t('call.screenShareFailed', { error: messageOf(error) }) }))
  }
  const remoteVideoShown = !phase.remote.videoOff && (remoteStream?.getVideoTracks().length ?? 0) > 0
  // Our media recovering, or theirs: the picture dims under the words either way.
  const trouble = phase.reconnecting ? t('call.reconnecting') : phase.remote.reconnecting ? t('call.peerTrouble') : null
  const screen = useRef<HTMLElement>(null)
  const controlsHidden = useControlsAutoHide(screen, { videoShown: remoteVideoShown, reconnecting: trouble !== null, panelOpen: panel !== null })
  const controlRow = useRef<HTMLDivElement>(null)
  // The labels' widths change with the language and with the Speaker view control coming or going.
  const compactControls = useCompactControls(controlRow, `${language} ${group ? 'group' : '1:1'}`)
  return (
    <main ref={screen} className={`screen call-screen in-call${controlsHidden ? ' controls-hidden' : ''}`}>
      <FocusHeading className="visually-hidden">{group ? t('group.withNames', { names }) : t('call.withName', { name })}</FocusHeading>
      {!group && (
      <div className={`remote${trouble ? ' troubled' : ''}`}>
        {/* The name is on their tile's label: said once on the screen. */}
        {!remoteVideoShown && (
          <div className="remote-placeholder">
            <Avatar profile={phase.peer} size="large" />
            <p className="placeholder-note">{phase.remote.videoOff ? t('call.cameraIsOff') : t('call.noVideo')}</p>
          </div>
        )}
        {/* Kept while hidden: the other side's voice plays through it. */}
        <MediaView
          stream={remoteStream}
          label={t('call.videoOf', { name })}
          speakerId={devices.speakerId}
          className={`remote-video${remoteVideoShown ? '' : ' hidden-video'}`}
        />
        <div role="status" className="remote-trouble">
          {trouble && <p>{trouble}</p>}
        </div>
      </div>
      )}
      <div className="call-topbar">
        {/* A 1:1 call names the other person on their tile; a group call says how many are in it. */}
        {group && (
          <span className="call-peer" title={names.join(', ')}>
            {t('group.peopleCount', { count: names.length + 1 })}
          </span>
        )}
        {phase.reconnecting ? (
          // The overlay's live region says it; this is the same word where the time was.
          <span className="call-duration reconnecting" aria-hidden>
            {t('call.reconnectingShort')}
          </span>
        ) : (
          <time className="call-duration" aria-label={t('call.duration', { duration: spokenDuration(elapsed, language) })}>
            {formatDuration(elapsed)}
          </time>
        )}
        {phase.networkQuality !== null && <NetworkQuality level={phase.networkQuality} />}
      </div>
      <div className="call-banner-region">
        <MutedHint controller={controller} muted={phase.muted} />
      </div>
      {group ? (
        <ParticipantGrid
          phase={phase}
          localStream={localStream}
          remoteStreams={remoteStreams}
          speakerId={devices.speakerId}
          speakerView={speakerView}
          featured={featured}
          pinned={pinned}
          onPin={setPinned}
        />
      ) : (
      <div className="call-tiles">
        <RemoteLabel name={name} stream={remoteStream} muted={phase.remote.audioMuted} />
        <div className={`self-tile${phase.cameraOff ? ' off' : ''}`}>
          <MediaView stream={localStream} label={t('call.yourCamera')} muted mirrored={!phase.sharingScreen} className="self-view" />
          {phase.cameraOff && !phase.sharingScreen && (
            <div className="self-placeholder">
              <CallIcon name="camera-off" />
              <span>{t('call.yourCameraIsOff')}</span>
            </div>
          )}
          <span className="tile-label">
            {t('call.you')}
            {phase.muted && <MutedBadge />}
          </span>
        </div>
      </div>
      )}
      <div
        ref={controlRow}
        className={`call-controls${compactControls ? ' compact' : ''}`}
        role="toolbar"
        aria-label={t('call.controls')}
        onKeyDown={moveFocusWithArrows}
      >
        <MuteToggle controller={controller} muted={phase.muted} />
        <CameraToggle controller={controller} cameraOff={phase.cameraOff} />
        <button
          type="button"
          className={`call-toggle${phase.sharingScreen ? ' active' : ''}`}
          aria-pressed={phase.sharingScreen}
          title={t('call.shareScreen')}
          onClick={toggleScreenShare}
        >
          <CallIcon name="screen" />
          <span className="control-label">{t('call.shareScreen')}</span>
        </button>
        <button type="button" aria-haspopup="dialog" title={t('group.addPeople')} onClick={() => setShowAddPeople(true)}>
          <CallIcon name="add-people" />
          <span className="control-label">{t('group.addPeople')}</span>
        </button>
        {group && (
          <button
            type="button"
            className={`call-toggle${speakerView ? ' active' : ''}`}
            aria-pressed={speakerView}
            title={t('group.speakerView')}
            onClick={() => setSpeakerView(!speakerView)}
          >
            <CallIcon name="speaker-view" />
            <span className="control-label">{t('group.speakerView')}</span>
          </button>
        )}
        <button type="button" aria-haspopup="dialog" title={t('call.devices')} onClick={() => setPanel('devices')}>
          <CallIcon name="devices" />
          <span className="control-label">{t('call.devices')}</span>
        </button>
        <button type="button" aria-haspopup="dialog" title={t('call.quality')} onClick={() => setPanel('quality')}>
          <CallIcon name="quality" />
          <span className="control-label">{t('call.quality')}</span>
        </button>
        <button
          type="button"
          className="danger"
          aria-keyshortcuts={keyShortcutFor('hang-up')}
          title={hangUpTitle}
          onClick={() => controller.hangUp()}
        >
          <CallIcon name="hang-up" />
          <span className="control-label">{t('call.hangUp')}</span>
        </button>
      </div>
      {panel === 'devices' && (
        <Dialog title={t('call.devicesTitle')} onCancel={() => setPanel(null)}>
          {/* No preview here: the call already shows the camera in the self view. */}
          <DeviceSettings choice={devices} onChange={onDevicesChange} preview={false} />
          <BackgroundSettings choice={devices} onChange={onDevicesChange} />
          <div className="button-row">
            <button type="button" onClick={() => setPanel(null)}>
              {t('common.done')}
            </button>
          </div>
        </Dialog>
      )}
      {panel === 'quality' && <QualityPanel controller={controller} onClose={() => setPanel(null)} />}
      {showAddPeople && <AddPeopleDialog phase={phase} controller={controller} presenceKnown={presenceKnown} onClose={() => setShowAddPeople(false)} />}
    </main>
  )
}

/**
 * "You're muted" when the microphone hears speech while muted (mutedHint.ts). It listens to
 * the controller's microphone monitor, a clone of the capture that muting leaves alone, and
 * only while muted: unmuted, nothing is analysed.
 */
function MutedHint({ controller, muted }: { controller: CallController; muted: boolean }) {
  const { t } = useWords()
  const subscribe = useCallback((listener: () => void) => controller.subscribe(listener), [controller])
  const monitor = useSyncExternalStore(subscribe, () => controller.getMedia().microphoneMonitor ?? null)
  const level = useAudioLevel(muted ? monitor : null)
  const hint = useRef(createMutedHint())
  const [, redraw] = useState(0)
  const showing = hint.current.sample(level, muted, performance.now())
  // A level that stays put renders nothing new: look again shortly, so a second of steady speech still counts.
  useEffect(() => {
    if (!muted || showing || level <= SPEECH_LEVEL) return
    const timer = setTimeout(() => redraw((count) => count + 1), 200)
    return () => clearTimeout(timer)
  })
  return (
    <div role="status">
      {showing && (
        <div className="muted-hint">
          <p>{t('call.mutedHint')}</p>
          <button type="button" onClick={() => controller.setMuted(false)}>
            {t('call.unmute')}
          </button>
          <button
            type="button"
            onClick={() => {
              hint.current.dismiss(performance.now())
              redraw((count) => count + 1)
            }}
          >
            {t('call.dismiss')}
          </button>
        </div>
      )}
    </div>
  )
}

/** Above this level (0–1, see useAudioLevel) the other side counts as speaking. */
const SPEAKING_LEVEL = 0.08
const SPEAKING_HOLD_MS = 600

/**
 * The other side's name on their tile, with a muted badge and a speaking cue (words and an
 * icon, not colour alone). Its own component: the level it follows changes ten times a
 * second, and only this label redraws.
 */
function RemoteLabel({ name, stream, muted }: { name: string; stream: MediaStream | null; muted: boolean }) {
  const loud = useAudioLevel(muted ? null : stream) > SPEAKING_LEVEL
  // Held a little past the last loud sample: speech has gaps between words, and a cue
  // that blinks with each one is noise.
  const lastLoud = useRef(-Infinity)
  const now = performance.now()
  if (loud) lastLoud.current = now
  const speaking = !muted && now - lastLoud.current < SPEAKING_HOLD_MS
  return (
    <span className={`tile-label remote-label${speaking ? ' speaking' : ''}`} title={name}>
      <span className="tile-name">{name}</span>
      {muted && <MutedBadge />}
      {speaking && <SpeakingBadge />}
    </span>
  )
}

/** How long the end screen stays once nobody is looking at it closely (pointer or keyboard on it). */
export const ENDED_AUTO_CLOSE_MS = 8_000

function EndedView({
  phase,
  onClose,
  onCallAgain
}: {
  phase: Phase<'ended'>
  onClose: () => void
  onCallAgain?: (phase: Phase<'ended'>) => void
}) {
  const { t, language } = useWords()
  const name = displayName(phase.peer)
  const heading = endedMessage(phase.outcome, name, t)
  // Who and how long: everyone who was in a group call ("Bob and Carol"), or the name where
  // the heading does not already say it; the talk time when they talked.
  const who = phase.others ? othersInCall(t, [phase.peer, ...phase.others]) : heading.includes(name) ? null : name
  const summary = [who ?? null, phase.durationSeconds === undefined ? null : spokenDuration(phase.durationSeconds, language)]
    .filter((part): part is string => part !== null)
    .join(' · ')
  const [pointerOver, setPointerOver] = useState(false)
  const [controlFocused, setControlFocused] = useState(false)
  const watched = useWindowWatched()
  // A failure stays until the user closes it: it says what to do, and that takes reading.
  const closesItself = phase.outcome !== 'failed'
  const counting = closesItself && watched && !pointerOver && !controlFocused
  const close = useRef(onClose)
  close.current = onClose
  useEffect(() => {
    if (!counting) return
    // Starts over whenever the user lets go of the screen: it never closes under their hand.
    const timer = setTimeout(() => close.current(), ENDED_AUTO_CLOSE_MS)
    return () => clearTimeout(timer)
  }, [counting, phase])
  const os = useDesktopOs()
  const blocked = phase.blocked
  const offerSettings = blocked !== undefined && os !== null && os !== 'linux'
  return (
    <main className="screen call-screen ended">
      <div
        className="call-card"
        // Move as well as enter: a card that appears under a resting pointer gets no enter event.
        onPointerEnter={() => setPointerOver(true)}
        onPointerMove={() => setPointerOver(true)}
        onPointerLeave={() => setPointerOver(false)}
      >
        <Avatar profile={phase.peer} size="large" />
        <FocusHeading>{heading}</FocusHeading>
        {summary && <p className="call-summary">{summary}</p>}
        {phase.message && <p className="call-status call-message">{phase.message}</p>}
        {blocked && os && <p className="call-status call-message">{t(ALLOW_MEDIA[os])}</p>}
        <div className="button-row" onFocus={() => setControlFocused(true)} onBlur={() => setControlFocused(false)}>
          {offerSettings && <OpenPrivacySettings device={blocked} />}
          {onCallAgain && (
            <button type="button" className={offerSettings ? undefined : 'primary'} onClick={() => onCallAgain(phase)}>
              {t(phase.voice ? 'ended.voiceCallAgain' : 'ended.callAgain', { name })}
            </button>
          )}
          <button type="button" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
        {closesItself && <p className="hint">{counting ? t('ended.closesSoon') : '\u00a0'}</p>}
      </div>
    </main>
  )
}

/** How to allow the camera and microphone, in the words of each OS's own settings. */
const ALLOW_MEDIA = { macos: 'ended.allowMediaMacos', windows: 'ended.allowMediaWindows', linux: 'ended.allowMediaLinux' } as const

function OpenPrivacySettings({ device }: { device: PrivacyDevice }) {
  const { t } = useWords()
  const bridge = useBridge()
  const notify = useNotify()
  const open = () => {
    request(bridge, 'app:openPrivacySettings', { device }).catch((error: unknown) =>
      notify({ level: 'error', message: t('ended.openSystemSettingsFailed', { error: messageOf(error) }) })
    )
  }
  return (
    <button type="button" className="primary" onClick={open}>
      {t('ended.openSystemSettings')}
    </button>
  )
}

/** Left and right arrows move between a toolbar's buttons, as the ARIA toolbar pattern expects. */
function moveFocusWithArrows(event: KeyboardEvent<HTMLElement>) {
  if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return
  const buttons = Array.from(event.currentTarget.querySelectorAll<HTMLButtonElement>('button:not(:disabled)'))
  const index = buttons.indexOf(document.activeElement as HTMLButtonElement)
  if (index < 0) return
  event.preventDefault()
  const step = event.key === 'ArrowRight' ? 1 : -1
  buttons[(index + step + buttons.length) % buttons.length]?.focus()
}
