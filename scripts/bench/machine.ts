import { readFileSync } from 'node:fs';
import { availableParallelism, freemem, loadavg, release, totalmem } from 'node:os';

/** What the figures were measured on; a reference run is meaningless without it. */
export interface MachineInfo {
  cpuModel: string;
  /** As `nproc` reports it: the CPUs this process may use. */
  cpus: number;
  memTotalGiB: number;
  memAvailableGiB: number;
  /** 1-, 5- and 15-minute load averages when the run started: other work on the machine skews the figures. */
  loadAverage: number[];
  node: string;
  platform: string;
  kernel: string;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((text) => text.startsWith('model name'));
    if (line) return line.split(':').slice(1).join(':').trim();
  } catch {
    // Not Linux: os.cpus() below has the model as well.
  }
  return 'unknown';
}

function availableMemory(): number {
  try {
    const line = readFileSync('/proc/meminfo', 'utf8')
      .split('\n')
      .find((text) => text.startsWith('MemAvailable:'));
    const kib = Number(line?.match(/(\d+)/)?.[1]);
    if (Number.isFinite(kib)) return kib * 1024;
  } catch {
    // Not Linux: freemem() is the nearest figure.
  }
  return freemem();
}

const gib = (bytes: number) => Math.round((bytes / 1024 ** 3) * 10) / 10;

export function machineInfo(): MachineInfo {
  return {
    cpuModel: cpuModel(),
    cpus: availableParallelism(),
    memTotalGiB: gib(totalmem()),
    memAvailableGiB: gib(availableMemory()),
    loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
    node: process.version,
    platform: process.platform,
    kernel: release(),
  };
}
