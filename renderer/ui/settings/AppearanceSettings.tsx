import type { Settings, Theme } from '../../../common/ipc'

const THEMES: Array<{ value: Theme; label: string }> = [
  { value: 'system', label: 'Same as the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' }
]

/** Light, dark, or following the OS (main applies it to every window). */
export function AppearanceSettings({ settings, update }: { settings: Settings; update: (change: Partial<Settings>) => void }) {
  return (
    <fieldset className="choices">
      <legend>Theme</legend>
      {THEMES.map(({ value, label }) => (
        <label key={value} className="check">
          <input type="radio" name="theme" value={value} checked={settings.theme === value} onChange={() => update({ theme: value })} />
          {label}
        </label>
      ))}
    </fieldset>
  )
}
