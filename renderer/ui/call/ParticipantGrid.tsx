import { useLayoutEffect, useRef, useState, type CSSProperties, type RefObject } from 'react'
import type { Profile } from '../../../common/api'
import type { CallParticipant, CallPhase } from '../../calling/controller-types'
import { Avatar } from '../components/Avatar'
import { useWords } from '../i18n/LanguageProvider'
import { CallIcon } from './CallIcons'
import { gridShape, TILE_ASPECT } from './gridShape'
import { MediaView } from './MediaView'
import { participantName } from './participantName'
import { MutedBadge, SpeakingBadge } from './TileBadges'

type InCall = Extract<CallPhase, { phase: 'in-call' }>

interface ParticipantGridProps {
  phase: InCall
  localStream: MediaStream | null
  remoteStreams: Readonly<Record<string, MediaStream>>
  speakerId?: string
  /** One big tile for `featured`, a strip for everyone else. */
  speakerView: boolean
  featured: CallParticipant | null
  /** Someone picked to stay large in the speaker view; null follows the speaker. */
  pinned: string | null
  onPin: (identity: string | null) => void
}

/**
 * A group call: a tile for everyone, you last, in the columns and rows that give each the
 * largest picture in this window (gridShape.ts), or the speaker view. Every tile keeps its
 * place in the DOM whichever view is on, so switching views or speakers never restarts a
 * video element (and the voice that plays through it).
 */
export function ParticipantGrid({ phase, localStream, remoteStreams, speakerId, speakerView, featured, pinned, onPin }: ParticipantGridProps) {
  const { t } = useWords()
  const ref = useRef<HTMLUListElement>(null)
  const area = useElementSize(ref)
  const tiles = phase.participants.length + 1
  const shape = gridShape(tiles, area ? area.width / area.height : TILE_ASPECT)
  const featuredId = speakerView ? (featured?.identity ?? null) : null
  const style: CSSProperties = speakerView
    ? { gridTemplateColumns: `repeat(${tiles - 1}, minmax(0, 1fr))`, gridTemplateRows: 'minmax(0, 1fr) var(--strip-height)' }
    : gridTracks(shape, area)
  return (
    <ul ref={ref} className={`participant-grid${speakerView ? ' speaker-view' : ''}`} aria-label={t('group.tiles')} style={style} data-columns={shape.columns} data-rows={shape.rows}>
      {phase.participants.map((participant, index) => {
        const name = participantName(participant, index, phase.peer, t)
        return (
          <RemoteTile
            key={participant.identity}
            participant={participant}
            name={name}
            stream={remoteStreams[participant.identity] ?? null}
            speakerId={speakerId}
            featured={participant.identity === featuredId}
            pinned={participant.identity === pinned}
            // In the speaker view the strip's tiles are buttons: any of them can be shown large.
            onPin={speakerView && participant.identity !== featuredId ? () => onPin(participant.identity) : undefined}
            onUnpin={speakerView && participant.identity === pinned ? () => onPin(null) : undefined}
          />
        )
      })}
      <SelfTile phase={phase} stream={localStream} />
    </ul>
  )
}

function RemoteTile({
  participant,
  name,
  stream,
  speakerId,
  featured,
  pinned,
  onPin,
  onUnpin
}: {
  participant: CallParticipant
  name: string
  stream: MediaStream | null
  speakerId?: string
  featured: boolean
  pinned: boolean
  onPin?: () => void
  onUnpin?: () => void
}) {
  const { t } = useWords()
  const { remote, speaking } = participant
  const videoShown = !remote.videoOff && (stream?.getVideoTracks().length ?? 0) > 0
  const avatar: Pick<Profile, 'name' | 'username' | 'image'> = { name, username: name, image: null }
  return (
    <li
      className={`group-tile${speaking ? ' speaking' : ''}${featured ? ' featured' : ''}${videoShown ? '' : ' no-video'}`}
      data-identity={participant.identity}
      data-pinned={pinned || undefined}
    >
      {/* Kept while hidden: their voice plays through it. */}
      <MediaView stream={stream} label={t('call.videoOf', { name })} speakerId={speakerId} className={`tile-video${videoShown ? '' : ' hidden-video'}`} />
      {!videoShown && (
        <div className="tile-placeholder">
          <Avatar profile={avatar} size="medium" />
          <span className="placeholder-note">{remote.videoOff ? t('call.cameraIsOff') : t('call.noVideo')}</span>
        </div>
      )}
      {onPin && <button type="button" className="tile-pin" aria-label={t('group.showLarge', { name })} onClick={onPin} />}
      <span className="tile-label" title={name}>
        <span className="tile-name">{name}</span>
        {remote.audioMuted && <MutedBadge />}
        {speaking && <SpeakingBadge />}
        {remote.reconnecting && <span className="tile-badge">{t('pip.reconnecting')}</span>}
      </span>
      {onUnpin && (
        <button type="button" className="tile-unpin" onClick={onUnpin}>
          {t('group.followSpeaker')}
        </button>
      )}
    </li>
  )
}

function SelfTile({ phase, stream }: { phase: InCall; stream: MediaStream | null }) {
  const { t } = useWords()
  const off = phase.cameraOff && !phase.sharingScreen
  return (
    <li className={`group-tile self${off ? ' no-video' : ''}`}>
      <MediaView stream={stream} label={t('call.yourCamera')} muted mirrored={!phase.sharingScreen} className={`tile-video${off ? ' hidden-video' : ''}`} />
      {off && (
        <div className="tile-placeholder">
          <CallIcon name="camera-off" />
          <span className="placeholder-note">{t('call.yourCameraIsOff')}</span>
        </div>
      )}
      <span className="tile-label">
        <span className="tile-name">{t('call.you')}</span>
        {phase.muted && <MutedBadge />}
      </span>
    </li>
  )
}

/** Space between tiles, px: the stylesheet's --space-2 (0.5rem) at the default font size. */
const GAP_PX = 8

/**
 * Tracks that give every tile the same 16:9 picture, as large as the area allows, centred:
 * no video is cropped to a cell's shape. Before the first measure, equal shares.
 */
function gridTracks({ columns, rows }: { columns: number; rows: number }, area: { width: number; height: number } | null): CSSProperties {
  if (!area) return { gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))` }
  const cellWidth = (area.width - GAP_PX * (columns - 1)) / columns
  const cellHeight = (area.height - GAP_PX * (rows - 1)) / rows
  const width = Math.max(0, Math.floor(Math.min(cellWidth, cellHeight * TILE_ASPECT)))
  const height = Math.floor(width / TILE_ASPECT)
  return { gridTemplateColumns: `repeat(${columns}, ${width}px)`, gridTemplateRows: `repeat(${rows}, ${height}px)` }
}

/** The element's size, followed as the window resizes; null before the first measure. */
function useElementSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } | null {
  const [size, setSize] = useState<{ width: number; height: number } | null>(null)
  useLayoutEffect(() => {
    const element = ref.current
    if (!element) return
    const measure = () => {
      const { width, height } = element.getBoundingClientRect()
      if (width > 0 && height > 0) setSize((previous) => (previous && previous.width === width && previous.height === height ? previous : { width, height }))
    }
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    return () => observer.disconnect()
  }, [ref])
  return size
}
