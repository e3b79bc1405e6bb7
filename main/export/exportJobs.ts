/*
 * The exports under way, so a cancel from the window reaches the one it
 * names, and what every export shares: the parsed fonts (read on first use)
 * and the clock the release stamp and file name are taken from.
 */
import type { ExportFonts } from './exportFonts';
import { loadExportFonts } from './exportFonts';

export interface ExportJobs {
  /** Tracks a running export until the returned function is called. */
  track(exportId: string, controller: AbortController): () => void;
  /** A cancel for an export that has already finished is not an error: the two can cross. */
  cancel(exportId: string): void;
  fonts(): ExportFonts;
  now(): Date;
}

export interface ExportJobsOptions {
  /** Defaults to the fonts from the npm packages. */
  loadFonts?: () => ExportFonts;
  now?: () => Date;
}

export function createExportJobs(options: ExportJobsOptions = {}): ExportJobs {
  const running = new Map<string, AbortController>();
  let fonts: ExportFonts | undefined;
  return {
    track(exportId, controller) {
      running.set(exportId, controller);
      return () => running.delete(exportId);
    },
    cancel: (exportId) => running.get(exportId)?.abort(),
    fonts: () => (fonts ??= (options.loadFonts ?? loadExportFonts)()),
    now: options.now ?? (() => new Date()),
  };
}
