import { useState } from 'react'
import type { ScreenSource } from '../../../common/ipc'
import { request, useBridge } from '../bridge'
import { useBridgeEvent } from '../hooks/useBridgeEvent'
import { useWords } from '../i18n/LanguageProvider'
import { Dialog } from './Dialog'

/**
 * Answers main's `screen:pick`: the user picks a screen or window to share, or cancels.
 * Every request gets exactly one answer, or main's getDisplayMedia would hang.
 */
export function ScreenPicker() {
  const bridge = useBridge()
  const { t } = useWords()
  const [sources, setSources] = useState<ScreenSource[] | null>(null)

  useBridgeEvent('screen:pick', (event) => setSources(event.sources))

  if (!sources) return null
  const choose = (sourceId: string | null) => {
    setSources(null)
    void request(bridge, 'screen:choose', { sourceId }).catch(() => undefined)
  }
  const screens = sources.filter((source) => source.kind === 'screen')
  const windows = sources.filter((source) => source.kind === 'window')
  return (
    <Dialog title={t('screenPicker.title')} onCancel={() => choose(null)} className="screen-picker">
      {sources.length === 0 && <p>{t('screenPicker.nothing')}</p>}
      <SourceGroup heading={t('screenPicker.screens')} sources={screens} onChoose={choose} />
      <SourceGroup heading={t('screenPicker.windows')} sources={windows} onChoose={choose} />
      <div className="button-row">
        <button type="button" onClick={() => choose(null)}>
          {t('common.cancel')}
        </button>
      </div>
    </Dialog>
  )
}

function SourceGroup({ heading, sources, onChoose }: { heading: string; sources: ScreenSource[]; onChoose: (id: string) => void }) {
  const { t } = useWords()
  if (sources.length === 0) return null
  return (
    <section>
      <h3>{heading}</h3>
      <ul className="source-grid">
        {sources.map((source) => (
          <li key={source.id}>
            <button type="button" className="source" onClick={() => onChoose(source.id)} aria-label={t('screenPicker.share', { name: source.name })}>
              {source.thumbnail?.startsWith('data:image/') && <img src={source.thumbnail} alt="" />}
              <span>{source.name}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
