import type { LoadCallController } from './types'

/**
 * The lazy boundary: the controller, its engines and twilio-video are a separate chunk that
 * is fetched only when a call starts or is answered, so the first screen stays small.
 */
export const loadRealCallController: LoadCallController = async (bridge, options) => {
  const { createCallController } = await import('../../calling/controller')
  return createCallController(bridge, options)
}
