/**
 * Debounced saving: `schedule` after every edit, one save per key after a
 * pause in typing, `flush` to save now (on blur, before lock, before leaving).
 * Saves run one after another, so an older text never lands after a newer one.
 * The save function reads the latest text itself and reports its own errors.
 */
export interface Autosave<K> {
  schedule(key: K): void;
  flush(): Promise<void>;
  cancel(): void;
}

export const AUTOSAVE_DELAY_MS = 800;

export function createAutosave<K>(delayMs: number, save: (key: K) => Promise<void>): Autosave<K> {
  const pending = new Set<K>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let chain: Promise<void> = Promise.resolve();

  const stopTimer = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  const flush = (): Promise<void> => {
    stopTimer();
    const keys = [...pending];
    pending.clear();
    for (const key of keys) chain = chain.then(() => save(key)).catch(() => undefined);
    return chain;
  };

  return {
    schedule(key) {
      pending.add(key);
      stopTimer();
      timer = setTimeout(() => void flush(), delayMs);
    },
    flush,
    cancel() {
      stopTimer();
      pending.clear();
    },
  };
}
