import { useEffect } from 'react'
import type { ShownNotice } from '../hooks/useNotices'
import { useWords } from '../i18n/LanguageProvider'

const INFO_TIMEOUT_MS = 8000

interface ToastsProps {
  notices: ShownNotice[]
  onDismiss: (id: number) => void
}

/**
 * Notices as toasts. Errors and warnings stay until dismissed (someone who looked away must
 * still see them); information fades after a while.
 */
export function Toasts({ notices, onDismiss }: ToastsProps) {
  const info = notices.filter((notice) => notice.level === 'info')
  const urgent = notices.filter((notice) => notice.level !== 'info')
  return (
    <div className="toasts">
      {/* The live regions exist before any toast does, so the first one is announced too. */}
      <div role="status" className="toast-region">
        {info.map((notice) => (
          <Toast key={notice.id} notice={notice} onDismiss={onDismiss} />
        ))}
      </div>
      <div role="alert" className="toast-region">
        {urgent.map((notice) => (
          <Toast key={notice.id} notice={notice} onDismiss={onDismiss} />
        ))}
      </div>
    </div>
  )
}

function Toast({ notice, onDismiss }: { notice: ShownNotice; onDismiss: (id: number) => void }) {
  const { t } = useWords()
  useEffect(() => {
    if (notice.level !== 'info') return
    const timer = setTimeout(() => onDismiss(notice.id), INFO_TIMEOUT_MS)
    return () => clearTimeout(timer)
  }, [notice, onDismiss])
  return (
    <div className={`toast toast-${notice.level}`}>
      <p>{notice.message}</p>
      <button type="button" className="icon-button" aria-label={t('toasts.dismiss')} onClick={() => onDismiss(notice.id)}>
        ×
      </button>
    </div>
  )
}
