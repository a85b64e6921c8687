import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { cspMetaPlugin } from './scripts/lib/csp-meta-plugin'
import { videoProcessorsAssetsPlugin } from './scripts/lib/video-processors-assets-plugin'

const common = resolve(__dirname, 'common')

export default defineConfig({
  main: {
    resolve: { alias: { '@common': common } },
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(__dirname, 'main/index.ts') } }
    }
  },
  preload: {
    resolve: { alias: { '@common': common } },
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require() anything but electron: bundle zod and the
      // contract into one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    resolve: { alias: { '@common': common } },
    plugins: [react(), cspMetaPlugin(), videoProcessorsAssetsPlugin()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // electron-vite leaves the renderer unminified; minified, the first screen's JS is half the size.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } }
    }
  }
})
