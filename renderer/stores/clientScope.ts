// What every store of one client's records shares: which client is open, a
// load that empties the state when another client opens, and answers that
// are dropped when they arrive after the page moved to another client.
import { isLockedError } from '../api/vaultApi';
import { describeError } from '../api/errorText';

export interface ClientScopedState {
  clientId: string | null;
  loadError: string | null;
}

export const NO_CLIENT: ClientScopedState = { clientId: null, loadError: null };

/** The actions every client-scoped store has. */
export interface ClientScopedActions {
  open(clientId: string): Promise<void>;
  reset(): void;
}

export interface ClientScope<State extends ClientScopedState> {
  /** The open client's id; throws when no client is open, which only a programming error reaches. */
  requireClientId(): string;
  /** Applies the patch only while `clientId` is still the open client. */
  setFor(clientId: string, patch: Partial<State>): void;
  /** Opens the client and applies what `load` fetched; a failure other than the lock becomes `loadError`. */
  open(clientId: string, load: (clientId: string) => Promise<Partial<State>>): Promise<void>;
  /** Runs a write for the open client, then `reload` for that client; resolves to what the write returned. */
  write<Result>(call: (clientId: string) => Promise<Result>, reload: (clientId: string) => Promise<unknown>): Promise<Result>;
  reset(): void;
}

export function clientScope<State extends ClientScopedState>(
  get: () => State,
  set: (patch: Partial<State>) => void,
  empty: () => State,
): ClientScope<State> {
  const requireClientId = () => {
    const { clientId } = get();
    if (!clientId) throw new Error('No client is open');
    return clientId;
  };
  const setFor = (clientId: string, patch: Partial<State>) => {
    if (get().clientId === clientId) set(patch);
  };
  return {
    requireClientId,
    setFor,
    async open(clientId, load) {
      if (get().clientId !== clientId) set({ ...empty(), clientId });
      try {
        setFor(clientId, { ...(await load(clientId)), loadError: null });
      } catch (error) {
        if (!isLockedError(error)) setFor(clientId, { loadError: describeError(error) } as Partial<State>);
      }
    },
    async write(call, reload) {
      const clientId = requireClientId();
      const result = await call(clientId);
      await reload(clientId);
      return result;
    },
    reset: () => set(empty()),
  };
}
