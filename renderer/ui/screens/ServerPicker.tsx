import { useEffect, useId, useState } from 'react'
import type { ServerProfileId, ServersView } from '../../../common/ipc'
import { messageOf, request, useBridge } from '../bridge'
import { useWords } from '../i18n/LanguageProvider'

/** Which Shoutit server to use; a custom address is checked by main before it is kept. */
export function ServerPicker({ disabled }: { disabled: boolean }) {
  const bridge = useBridge()
  const { t } = useWords()
  const [servers, setServers] = useState<ServersView | null>(null)
  const [customUrl, setCustomUrl] = useState('')
  const [choice, setChoice] = useState<ServerProfileId>('production')
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)
  const selectId = useId()
  const urlId = useId()

  useEffect(() => {
    request(bridge, 'servers:get', {})
      .then((view) => {
        setServers(view)
        setChoice(view.selected)
        if (view.selected === 'custom') setCustomUrl(view.url)
      })
      .catch((thrown: unknown) => setError(messageOf(thrown)))
  }, [bridge])

  const select = (id: ServerProfileId, url?: string) => {
    setError(null)
    setSaved(false)
    const selection = id === 'custom' ? { id, url: url ?? '' } : { id }
    request(bridge, 'servers:select', selection)
      .then((view) => {
        setServers(view)
        setSaved(true)
      })
      .catch((thrown: unknown) => setError(messageOf(thrown)))
  }

  return (
    <fieldset className="server-picker" disabled={disabled || !servers}>
      <legend>{t('servers.legend')}</legend>
      <div className="field">
        <label htmlFor={selectId}>{t('servers.label')}</label>
        <select
          id={selectId}
          value={choice}
          onChange={(event) => {
            const id = event.target.value as ServerProfileId
            setChoice(id)
            if (id !== 'custom') select(id)
          }}
        >
          {/* Named by id here rather than with main's label, so the name follows the language. */}
          {(servers?.profiles ?? []).map((profile) => (
            <option key={profile.id} value={profile.id}>
              {profile.id === 'custom' ? t('servers.custom') : `${t(`servers.${profile.id}`)} (${profile.url})`}
            </option>
          ))}
          {servers && !servers.profiles.some((profile) => profile.id === 'custom') && <option value="custom">{t('servers.other')}</option>}
        </select>
      </div>
      {choice === 'custom' && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault()
            select('custom', customUrl.trim())
          }}
        >
          <div className="field">
            <label htmlFor={urlId}>{t('servers.address')}</label>
            <input
              id={urlId}
              type="url"
              inputMode="url"
              placeholder={t('servers.addressExample')}
              autoComplete="url"
              required
              value={customUrl}
              onChange={(event) => setCustomUrl(event.target.value)}
            />
          </div>
          <button type="submit">{t('servers.useThis')}</button>
        </form>
      )}
      <p className="hint" role="status">
        {saved && servers ? t('servers.using', { url: servers.url }) : ''}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </fieldset>
  )
}
