import { useEffect, useState } from 'react'
import type { CallController, CallStats, VideoFigures } from '../../calling/controller-types'
import type { Language } from '../../../common/i18n/languages'
import type { TFunction } from 'i18next'
import { Dialog } from '../components/Dialog'
import { useWords } from '../i18n/LanguageProvider'

/** The panel reads the engine's figures this often: rates are per second. */
export const QUALITY_REFRESH_MS = 1_000

type Reading = { state: 'measuring' } | { state: 'unavailable' } | { state: 'live'; stats: CallStats }

/**
 * The call's live figures: what goes out and comes in, loss, round trip, the pictures each
 * way, codecs, the route, and in one sentence why quality dropped. A modal dialog: Escape
 * closes it and focus goes back to the button that opened it.
 */
export function QualityPanel({ controller, onClose }: { controller: CallController; onClose: () => void }) {
  const { t, language } = useWords()
  const [reading, setReading] = useState<Reading>({ state: 'measuring' })
  // The dialog leaves the page as it closes, before the browser could give focus back: done
  // here. Read while rendering: by the effects, the dialog has already taken focus.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null))
  useEffect(() => () => opener?.focus(), [opener])
  useEffect(() => {
    let live = true
    const read = () => {
      controller.getCallStats().then(
        (stats) => {
          if (live) setReading(stats ? { state: 'live', stats } : { state: 'unavailable' })
        },
        () => {
          if (live) setReading({ state: 'unavailable' })
        }
      )
    }
    read()
    const timer = setInterval(read, QUALITY_REFRESH_MS)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [controller])
  return (
    <Dialog title={t('call.quality')} onCancel={onClose} className="quality-panel">
      {reading.state === 'live' ? (
        <QualityFigures stats={reading.stats} t={t} language={language} />
      ) : (
        <p>{reading.state === 'measuring' ? t('call.qualityMeasuring') : t('call.qualityUnavailable')}</p>
      )}
      <div className="button-row">
        <button type="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  )
}

const CAUSE = { network: 'call.qualityCauseNetwork', cpu: 'call.qualityCauseCpu', remote: 'call.qualityCauseRemote' } as const

function QualityFigures({ stats, t, language }: { stats: CallStats; t: TFunction; language: Language }) {
  const unknown = t('call.qualityNotKnown')
  const bitrate = (bits: number | null) => (bits === null ? t('call.qualityMeasuring') : formatBitrate(bits, language))
  const percent = (fraction: number | null) => (fraction === null ? unknown : new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(fraction))
  const video = (figures: VideoFigures | null) =>
    figures === null
      ? t('call.qualityNoVideo')
      : figures.framesPerSecond === null
        ? t('call.qualityVideoNoRate', { width: figures.width, height: figures.height })
        : t('call.qualityVideo', { width: figures.width, height: figures.height, fps: Math.round(figures.framesPerSecond) })
  const codecs = [stats.videoCodec, stats.audioCodec].filter((codec): codec is string => codec !== null).join(', ')
  const route = stats.route === 'direct' ? t('call.qualityDirect') : stats.route === 'relayed' ? t('call.qualityRelayed') : unknown
  const rows: Array<[label: string, value: string]> = [
    [t('call.qualitySending'), bitrate(stats.sendBitrate)],
    [t('call.qualityReceiving'), bitrate(stats.receiveBitrate)],
    [t('call.qualityLoss'), t('call.qualityLossBoth', { received: percent(stats.packetLoss), sent: percent(stats.remoteLossFraction) })],
    [t('call.qualityRoundTrip'), stats.roundTripTime === null ? unknown : new Intl.NumberFormat(language, { style: 'unit', unit: 'millisecond', maximumFractionDigits: 0 }).format(stats.roundTripTime * 1000)],
    [t('call.qualityVideoSent'), video(stats.sentVideo)],
    [t('call.qualityVideoReceived'), video(stats.receivedVideo)],
    [t('call.qualityCodecs'), codecs || unknown],
    [t('call.qualityRoute'), route]
  ]
  return (
    <>
      <p className={`quality-cause${stats.cause ? ' trouble' : ''}`}>{stats.cause ? t(CAUSE[stats.cause]) : t('call.qualityCauseNone')}</p>
      <dl className="quality-figures">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  )
}

/** Kilobits per second below one megabit, megabits above, in the language's own digits. */
export function formatBitrate(bitsPerSecond: number, language: Language): string {
  const mega = bitsPerSecond >= 1_000_000
  return new Intl.NumberFormat(language, { style: 'unit', unit: mega ? 'megabit-per-second' : 'kilobit-per-second', maximumFractionDigits: mega ? 1 : 0 }).format(
    mega ? bitsPerSecond / 1_000_000 : bitsPerSecond / 1_000
  )
}
