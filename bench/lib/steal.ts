// How much of the machine the hypervisor kept for others while a benchmark ran: the `steal` share of all
// CPU time in /proc/stat. On a shared virtual machine it explains why one run's ratios differ from
// another's; undefined where /proc/stat is not there.
import { readFileSync } from 'node:fs';

interface CpuTimes {
  steal: number;
  total: number;
}

function cpuTimes(): CpuTimes | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user)
    const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
    return { steal: ticks[7] ?? 0, total: ticks.reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
}

/** Start measuring; the returned function gives the steal share (0 to 1) since then. */
export function stealMeter(): () => number | undefined {
  const start = cpuTimes();
  return () => {
    const end = cpuTimes();
    if (!start || !end || end.total === start.total) return undefined;
    return (end.steal - start.steal) / (end.total - start.total);
  };
}
