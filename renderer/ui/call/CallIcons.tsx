import { Activity, AudioLines, LayoutPanelTop, Mic, MicOff, MonitorUp, PhoneOff, Settings2, UserPlus, Video, VideoOff, type LucideIcon } from 'lucide-react'

// The call controls' icons, from lucide (the app's one icon set): decorative (the button's
// text is its name), drawn in the current text colour so a toggle's icon follows its colours.
// "Off" is a slashed icon, as people know it from other calling apps.
export type CallIconName = 'mic' | 'mic-off' | 'camera' | 'camera-off' | 'screen' | 'devices' | 'hang-up' | 'speaking' | 'quality' | 'add-people' | 'speaker-view'

const ICONS: Record<CallIconName, LucideIcon> = {
  mic: Mic,
  'mic-off': MicOff,
  camera: Video,
  'camera-off': VideoOff,
  screen: MonitorUp,
  devices: Settings2,
  'hang-up': PhoneOff,
  speaking: AudioLines,
  quality: Activity,
  'add-people': UserPlus,
  'speaker-view': LayoutPanelTop
}

export function CallIcon({ name }: { name: CallIconName }) {
  const Icon = ICONS[name]
  return <Icon className="call-icon" data-icon={name} size={20} strokeWidth={2} aria-hidden focusable={false} />
}
