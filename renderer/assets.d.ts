// Vite's `?url` imports: the file is emitted as an asset of the app's own origin and the
// import is its URL (used for the noise suppressor's worklet and WebAssembly).
declare module '*?url' {
  const url: string
  export default url
}
