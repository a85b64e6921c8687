export type ElectronBinary = { path: string } | { missing: string }

export function findElectronBinary(root: string): ElectronBinary
