// CPU as the benchmarks read it, from Chromium itself:
//   - every process of the browser (SystemInfo.getProcessInfo, on a browser CDP session):
//     renderers, and the shared GPU, audio and network services;
//   - one page's own renderer (Performance.getMetrics' ProcessTime, on that page's session),
//     for a figure per client when several pages share one browser;
//   - a process outside the browser (Janus), from Linux's /proc.
// Cumulative CPU seconds; a benchmark reads twice and divides by the time in between
// (1.00 = one core busy all the time).
import { readFileSync } from 'node:fs'
import type { Browser, CDPSession, Page } from 'playwright-core'

export interface ProcessCpu {
  type: string
  id: number
  /** CPU seconds so far. */
  cpuTime: number
}

/** Every process of the browser with its CPU seconds so far; `source` is the browser or a browser CDP session kept open. */
export async function processCpu(source: Browser | CDPSession): Promise<ProcessCpu[]> {
  const read = async (session: CDPSession) => ((await session.send('SystemInfo.getProcessInfo')) as { processInfo: ProcessCpu[] }).processInfo
  if ('send' in source) return read(source)
  const session = await source.newBrowserCDPSession()
  try {
    return await read(session)
  } finally {
    await session.detach()
  }
}

/** CPU seconds per second of each process present in both readings, busiest first. */
export function cpuPerSecond(before: readonly ProcessCpu[], after: readonly ProcessCpu[], elapsedSeconds: number): Array<ProcessCpu & { perSecond: number }> {
  return after
    .flatMap((process) => {
      const earlier = before.find((candidate) => candidate.id === process.id)
      return earlier ? [{ ...process, perSecond: (process.cpuTime - earlier.cpuTime) / elapsedSeconds }] : []
    })
    .sort((a, b) => b.perSecond - a.perSecond)
}

/** CPU seconds so far of the renderer process showing `page`. */
export async function pageCpuSeconds(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page)
  try {
    await session.send('Performance.enable')
    const { metrics } = await session.send('Performance.getMetrics')
    const processTime = metrics.find((metric) => metric.name === 'ProcessTime')
    if (!processTime) throw new Error('this Chromium reports no ProcessTime metric')
    return processTime.value
  } finally {
    await session.detach()
  }
}

/** utime + stime of a process outside the browser, in seconds (Linux /proc). */
export function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  // After "pid (comm) ": state is field 3, utime 14 and stime 15 (1-based) → indexes 11 and 12 here.
  return (Number(fields[11]) + Number(fields[12])) / 100
}
