// The picture-in-picture call window, as the renderer asks for it and main lets it open:
// window.open(PIP_URL, PIP_FRAME_NAME, PIP_FEATURES) from the main window. main allows
// exactly this request (main/platform/pip-window.ts) and refuses every other window.open.
// Zod-free: the renderer imports it at runtime.

export const PIP_URL = 'about:blank'
export const PIP_FRAME_NAME = 'shoutit-pip'
/** CSS pixels; main sizes and places the window itself, these only make a browser's popup match. */
export const PIP_WIDTH = 320
export const PIP_HEIGHT = 200
/** `popup` makes Chromium ask for a new window rather than a tab; no `noopener`: the opener draws the window's content. */
export const PIP_FEATURES = `popup,width=${PIP_WIDTH},height=${PIP_HEIGHT}`
