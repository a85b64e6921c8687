// The call controls' icons: decorative (the button's text is its name), drawn in the
// current text colour so a pressed toggle's icon follows its colours.
export type CallIconName = 'mic' | 'mic-off' | 'camera' | 'camera-off' | 'screen' | 'devices' | 'hang-up' | 'speaking'

const PATHS: Record<CallIconName, string> = {
  mic: 'M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3zM5 11a7 7 0 0 0 14 0M12 18v3',
  'mic-off': 'M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3zM5 11a7 7 0 0 0 14 0M12 18v3M4 4l16 16',
  camera: 'M3 7h12v10H3zM15 10l6-3v10l-6-3',
  'camera-off': 'M3 7h12v10H3zM15 10l6-3v10l-6-3M3 3l18 18',
  screen: 'M3 4h18v12H3zM8 20h8M12 16v4',
  devices: 'M4 6h16M4 12h16M4 18h16M8 4v4M16 10v4M10 16v4',
  'hang-up': 'M3 14c5-5 13-5 18 0l-2 3-4-1v-3c-2-1-4-1-6 0v3l-4 1z',
  speaking: 'M4 10v4M8 7v10M12 4v16M16 7v10M20 10v4'
}

export function CallIcon({ name }: { name: CallIconName }) {
  return (
    <svg className="call-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  )
}
