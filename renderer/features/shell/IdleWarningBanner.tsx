import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useNow } from '../../components/useNow';
import { useStores } from '../../stores/StoresContext';
import { selectIdleWarningUntil } from '../../stores/vaultStore';

/** "Locking in 60 s": shown when main warns of the idle lock; any input keeps the vault open. */
export function IdleWarningBanner() {
  const stores = useStores();
  const until = useStore(stores.vault, selectIdleWarningUntil);
  const now = useNow(until !== null);
  const secondsLeft = until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));

  useEffect(() => {
    if (until !== null && secondsLeft === 0) stores.vault.getState().clearIdleWarning();
  }, [until, secondsLeft, stores]);

  if (until === null) return null;
  return (
    <div className="idle-banner" role="alert">
      <p>
        Locking in {secondsLeft} s because nothing has happened for a while. Press any key to stay unlocked.
      </p>
      <button
        type="button"
        className="button"
        onClick={() => {
          stores.vault.getState().clearIdleWarning();
          stores.api.invoke('vault.activity', {}).catch(() => undefined);
        }}
      >
        Stay unlocked
      </button>
    </div>
  );
}
