import { readFileSync } from 'node:fs'

/** Linux clock ticks per second for /proc/<pid>/stat (USER_HZ, 100 on every mainstream kernel). */
const TICKS_PER_SECOND = 100

/** A process and its descendants (WEB_CONCURRENCY: the primary and its web workers). */
export function processTree(pid: number): number[] {
  let children: number[] = []
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter((part) => part.trim() !== '')
      .map(Number)
  } catch {
    // Gone, or no children file: the process alone.
  }
  return [pid, ...children.flatMap(processTree)]
}

/** Resident set size of one process in MB, from /proc/<pid>/status (VmRSS), or null if gone. */
function readOwnRssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)
    return match ? Number(match[1]) / 1024 : null
  } catch {
    return null
  }
}

/**
 * Resident set size of a process and its descendants in MB (one process: its VmRSS; a
 * cluster: the primary plus every worker), or null if the process is gone.
 */
export function readRssMb(pid: number): number | null {
  const own = readOwnRssMb(pid)
  if (own === null) return null
  return processTree(pid)
    .slice(1)
    .reduce((sum, child) => sum + (readOwnRssMb(child) ?? 0), own)
}

/** User + system CPU seconds a process has used so far, from /proc/<pid>/stat. */
export function readCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may contain spaces; fields after it are space-separated.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
  } catch {
    return 0
  }
}

/** Machine-wide busy and total jiffies, from /proc/stat, to tell how loaded the box was. */
export function readSystemCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  const values = line.trim().split(/\s+/).slice(1).map(Number)
  const idle = (values[3] ?? 0) + (values[4] ?? 0)
  const total = values.reduce((sum, value) => sum + value, 0)
  return { busy: total - idle, total }
}

export type CpuWindow = {
  /** App process CPU seconds during the window. */
  appCpuSeconds: number
  /** This (load-generating) process's CPU seconds during the window. */
  benchCpuSeconds: number
  /** Share of all cores busy machine-wide (includes PostgreSQL and anything else running). */
  machineBusy: number
}

/** Starts a CPU accounting window; call the returned function to close it. */
export function cpuWindow(appPid: number): () => CpuWindow {
  const app = readCpuSeconds(appPid)
  const bench = process.cpuUsage()
  const system = readSystemCpu()
  return () => {
    const benchUsage = process.cpuUsage(bench)
    const systemNow = readSystemCpu()
    const total = systemNow.total - system.total
    return {
      appCpuSeconds: Math.round((readCpuSeconds(appPid) - app) * 100) / 100,
      benchCpuSeconds: Math.round((benchUsage.user + benchUsage.system) / 10_000) / 100,
      machineBusy: total > 0 ? Math.round(((systemNow.busy - system.busy) / total) * 100) / 100 : 0,
    }
  }
}
