// The real App and ring view, with the bridge the test bound to the page and a fake call
// controller in place of the lazy real one.
// As the app's entry does, before any schema runs.
import '../../../../renderer/zod-config'
import { createRoot } from 'react-dom/client'
import { App } from '../../../../renderer/ui/App'
import { BridgeContext, findBridge } from '../../../../renderer/ui/bridge'
import type { LoadCallController } from '../../../../renderer/ui/call/types'
import { RingView } from '../../../../renderer/ui/ring/RingView'
import '../../../../renderer/ui/styles.css'
import { createFakeCallController } from './fake-controller'

const { controller, control } = createFakeCallController()
let loads = 0
const loadFakeController: LoadCallController = async () => {
  loads++
  return controller
}
Object.assign(window, { __fakeCall: Object.assign(control, { loads: () => loads }) })

const bridge = findBridge()
const root = document.getElementById('root')
if (!bridge || !root) throw new Error('the harness needs window.shoutit and #root')
const isRingWindow = new URLSearchParams(window.location.search).get('view') === 'ring'
createRoot(root).render(
  isRingWindow ? (
    <BridgeContext.Provider value={bridge}>
      <RingView />
    </BridgeContext.Provider>
  ) : (
    <App bridge={bridge} loadCallController={loadFakeController} />
  )
)
