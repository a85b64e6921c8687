import { useState } from 'react'
import type { Profile } from '../../../common/api'
import { initialsOf } from '../format'
import { avatarTone } from './avatarTone'

interface AvatarProps {
  profile: Pick<Profile, 'name' | 'username' | 'image'>
  size?: 'small' | 'medium' | 'large'
}

/**
 * The profile's picture, or its initials on the person's own colour (avatarTone) when there
 * is none or it fails to load. Decorative: the name is always next to it.
 */
export function Avatar({ profile, size = 'small' }: AvatarProps) {
  const [failed, setFailed] = useState(false)
  const image = profile.image && !failed ? profile.image : null
  return (
    <span className={`avatar avatar-${size}`} data-tone={image ? undefined : avatarTone(profile.username)} aria-hidden="true">
      {image ? <img src={image} alt="" onError={() => setFailed(true)} /> : initialsOf(profile)}
    </span>
  )
}
