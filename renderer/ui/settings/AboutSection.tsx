import { useEffect, useState } from 'react'
import type { About } from '../../../common/ipc'
import { Trans } from 'react-i18next'
import { messageOf, request, useBridge } from '../bridge'
import { useWords } from '../i18n/LanguageProvider'

/** The app's name and version (from main), and who makes it. */
export function AboutSection() {
  const bridge = useBridge()
  const { t } = useWords()
  const [about, setAbout] = useState<About | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    request(bridge, 'app:about', {})
      .then(setAbout)
      .catch((thrown: unknown) => setError(messageOf(thrown)))
  }, [bridge])
  return (
    <section aria-labelledby="settings-about" className="about">
      <h2 id="settings-about" tabIndex={-1}>{t('about.heading')}</h2>
      {error ? (
        <p className="error">{t('about.versionFailed', { error })}</p>
      ) : !about ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <p>
          <Trans i18nKey="about.version" components={{ name: <strong>{about.name}</strong>, version: <span className="about-version">{about.version}</span> }} />
        </p>
      )}
      <p>{t('about.tagline')}</p>
      <p className="hint">{t('about.credits')}</p>
    </section>
  )
}
