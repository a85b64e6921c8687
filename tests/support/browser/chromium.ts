// Headless Debian Chromium for browser tests. One launcher and one flag list for the whole
// repository: the end-to-end harness owns them (tests/support/harness/chromium.ts), this
// module is the browser tests' door to it, so the two never drift apart.
export { CHROMIUM_ARGS, CHROMIUM_PATH, ESBUILD_NAME_SHIM, launchChromium, newHarnessContext as newTestContext } from '../chromium'
