import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { BridgeContext, findBridge } from './bridge'
import { loadRealCallController } from './call/loadRealCallController'
import { RingView } from './ring/RingView'
import './styles.css'

const root = document.getElementById('root')
const bridge = findBridge()
const isRingWindow = new URLSearchParams(window.location.search).get('view') === 'ring'

if (root) {
  document.body.classList.toggle('ring-window', isRingWindow)
  createRoot(root).render(
    <StrictMode>
      {!bridge ? (
        <main className="screen">
          <h1>Shoutit</h1>
          <p role="alert">This page must be opened by the Shoutit app.</p>
        </main>
      ) : isRingWindow ? (
        <BridgeContext.Provider value={bridge}>
          <RingView />
        </BridgeContext.Provider>
      ) : (
        <App bridge={bridge} loadCallController={loadRealCallController} />
      )}
    </StrictMode>
  )
}
