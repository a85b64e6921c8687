import { useRef } from 'react'
import type { CallParticipant } from '../../calling/controller-types'
import { featuredParticipant } from './speakerPolicy'

/** The participant to show large (speakerPolicy.ts), remembering who spoke last across renders. */
export function useFeaturedParticipant(participants: readonly CallParticipant[], pinned: string | null = null): CallParticipant | null {
  const lastSpeaker = useRef<string | null>(null)
  const speaking = participants.find((participant) => participant.speaking)
  if (speaking) lastSpeaker.current = speaking.identity
  return featuredParticipant(participants, { pinned, lastSpeaker: lastSpeaker.current })
}
