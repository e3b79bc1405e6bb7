/**
 * A record on screen read again (after a sync import, or a resolved conflict)
 * while writes of it reply and other rereads run. A reread's reply can be
 * older than what a write stored meanwhile, or than a later reread's, so it
 * is shown only if no write replied while it read and no later reread began;
 * otherwise it reads again, or waits for the later one.
 */
export interface LatestReads {
  /** Starts a reread; resolves once the latest reread is shown, so awaiting any of them awaits what is on screen. */
  reread(): Promise<void>;
  /** Called whenever a write's reply is shown. */
  wrote(): void;
}

/**
 * `read` takes what it needs from the screen, reads, and resolves to the
 * change to show, or null when there is nothing to show (locked meanwhile,
 * another session opened).
 */
export function latestReads(read: () => Promise<(() => void) | null>): LatestReads {
  let writes = 0;
  let rereads = 0;
  let latest: Promise<void> = Promise.resolve();

  const readOnce = async (): Promise<void> => {
    const written = writes;
    const request = (rereads += 1);
    const show = await read();
    if (show === null) return;
    if (request !== rereads) return latest;
    if (written !== writes) return reads.reread();
    show();
  };

  const reads: LatestReads = {
    reread() {
      latest = readOnce();
      return latest;
    },
    wrote() {
      writes += 1;
    },
  };
  return reads;
}
