import type { ShoutitBridge } from '../../../common/ipc'
import type { CallController, CallControllerOptions } from '../../calling/controller-types'

/** How the app gets its call controller: the real one is a dynamic import, tests pass a fake. */
export type LoadCallController = (bridge: ShoutitBridge, options: CallControllerOptions) => Promise<CallController>
