import { useEffect, useId, useState, type ChangeEvent } from 'react'
import {
  BACKGROUND_PICTURE_MAX_BYTES,
  BACKGROUND_PICTURE_TYPES,
  BUILT_IN_BACKGROUND_PICTURES,
  CUSTOM_BACKGROUND_PICTURE,
  type BackgroundKind,
  type BackgroundPictureId
} from '../../../common/background'
import type { Settings } from '../../../common/ipc'
import { BUILT_IN_PICTURE_URLS } from '../../calling/background-pictures'
import { messageOf, request, useBridge } from '../bridge'
import { useWords } from '../i18n/LanguageProvider'

export type BackgroundChoiceSettings = Partial<Pick<Settings, 'background' | 'backgroundPictureId'>>

interface BackgroundSettingsProps {
  choice: BackgroundChoiceSettings
  onChange: (change: Required<BackgroundChoiceSettings> | Pick<Settings, 'background'>) => void
}

type Option = { key: string; kind: BackgroundKind; pictureId?: BackgroundPictureId; thumbnail?: string }

/**
 * What others see behind the user in calls: nothing changed, a blur, a built-in picture or
 * one of their own (kept by main). Each option shows what it looks like; a call follows the
 * choice at once.
 */
export function BackgroundSettings({ choice, onChange }: BackgroundSettingsProps) {
  const { t } = useWords()
  const bridge = useBridge()
  const name = useId()
  const hintId = useId()
  const [ownPicture, setOwnPicture] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [ownVersion, setOwnVersion] = useState(0)

  useEffect(() => {
    let url: string | null = null
    let live = true
    request(bridge, 'background:getPicture', {})
      .then((picture) => {
        if (!live || !picture) return
        url = URL.createObjectURL(new Blob([picture.bytes], { type: picture.type }))
        setOwnPicture(url)
      })
      .catch(() => undefined)
    return () => {
      live = false
      if (url) URL.revokeObjectURL(url)
    }
  }, [bridge, ownVersion])

  const options: Option[] = [
    { key: 'none', kind: 'none' },
    { key: 'blur', kind: 'blur' },
    ...BUILT_IN_BACKGROUND_PICTURES.map((id) => ({ key: id, kind: 'picture' as const, pictureId: id, thumbnail: BUILT_IN_PICTURE_URLS[id] })),
    ...(ownPicture ? [{ key: 'own', kind: 'picture' as const, pictureId: CUSTOM_BACKGROUND_PICTURE, thumbnail: ownPicture }] : [])
  ]
  const selected = (option: Option) => option.kind === (choice.background ?? 'none') && (option.kind !== 'picture' || option.pictureId === choice.backgroundPictureId)

  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (!file) return
    setError(null)
    if (!(BACKGROUND_PICTURE_TYPES as readonly string[]).includes(file.type)) return setError(t('background.wrongType'))
    if (file.size > BACKGROUND_PICTURE_MAX_BYTES) return setError(t('background.tooLarge'))
    try {
      await request(bridge, 'background:setPicture', { type: file.type as (typeof BACKGROUND_PICTURE_TYPES)[number], bytes: new Uint8Array(await file.arrayBuffer()) })
      setOwnVersion((version) => version + 1)
      onChange({ background: 'picture', backgroundPictureId: CUSTOM_BACKGROUND_PICTURE })
    } catch (thrown) {
      setError(t('background.notSaved', { error: messageOf(thrown) }))
    }
  }

  return (
    <fieldset className="background-settings" aria-describedby={hintId}>
      <legend>{t('background.heading')}</legend>
      <p id={hintId} className="hint">
        {t('background.hint')}
      </p>
      <div className="background-options">
        {options.map((option) => (
          <label key={option.key} className={`background-option${selected(option) ? ' selected' : ''}`}>
            <input
              type="radio"
              name={name}
              checked={selected(option)}
              onChange={() => onChange(option.kind === 'picture' && option.pictureId ? { background: 'picture', backgroundPictureId: option.pictureId } : { background: option.kind })}
            />
            <span className={`background-thumbnail background-thumbnail-${option.kind}`} aria-hidden="true">
              {option.thumbnail && <img src={option.thumbnail} alt="" />}
            </span>
            {t(`background.${option.key as 'none' | 'blur' | 'dawn' | 'lake' | 'shelves' | 'own'}`)}
          </label>
        ))}
      </div>
      <label className="button background-choose">
        {t('background.choose')}
        <input type="file" accept={BACKGROUND_PICTURE_TYPES.join(',')} onChange={(event) => void pick(event)} />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  )
}
