import '../zod-config'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { systemLanguage } from '../../common/i18n/languages'
import { i18n } from '../i18n'
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
  // Without a bridge there is no main to ask: the browser's languages decide.
  if (!bridge) void i18n.changeLanguage(systemLanguage(navigator.languages))
  createRoot(root).render(
    <StrictMode>
      {!bridge ? (
        <main className="screen">
          <h1>{i18n.t('app.title')}</h1>
          <p role="alert">{i18n.t('app.notInApp')}</p>
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
