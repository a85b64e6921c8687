import type { ReactNode } from 'react'
import type { Settings } from '../../../common/ipc'

/** The settings that are on or off. */
export type SwitchSetting = { [K in keyof Settings]-?: Settings[K] extends boolean ? K : never }[keyof Settings]

interface SettingCheckboxProps {
  settings: Settings
  update: (change: Partial<Settings>) => void
  name: SwitchSetting
  /** The id of a note that says more (read out with the checkbox). */
  describedBy?: string
  children: ReactNode
}

/** One on/off setting: a labelled checkbox that saves its change at once. */
export function SettingCheckbox({ settings, update, name, describedBy, children }: SettingCheckboxProps) {
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={settings[name]}
        aria-describedby={describedBy}
        onChange={(event) => {
          const change: Partial<Settings> = {}
          change[name] = event.target.checked
          update(change)
        }}
      />
      {children}
    </label>
  )
}
