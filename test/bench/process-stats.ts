// What the OS says about a process (Linux /proc): resident memory now and at its peak, CPU time used.
import { readFileSync } from "node:fs";

export interface ProcessStats {
  /** Resident set now, MB (VmRSS). */
  rssMb: number;
  /** Largest resident set since the process started, MB (VmHWM). */
  peakRssMb: number;
  /** User + system CPU time since the process started, ms. */
  cpuMs: number;
}

/** Linux's USER_HZ: /proc/PID/stat counts CPU time in hundredths of a second. */
const TICKS_PER_SECOND = 100;

/** Null where /proc is not there (not Linux) or the process has gone. */
export function processStats(pid: number | undefined): ProcessStats | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? Number.NaN);
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    return {
      rssMb: kb("VmRSS") / 1024,
      peakRssMb: kb("VmHWM") / 1024,
      cpuMs: (ticks * 1000) / TICKS_PER_SECOND,
    };
  } catch {
    return null;
  }
}
