import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { ApiError } from '../../../renderer/api/vaultApi';
import { clientScope, NO_CLIENT } from '../../../renderer/stores/clientScope';
import type { ClientScopedState } from '../../../renderer/stores/clientScope';

interface NotesState extends ClientScopedState {
  notes: string[];
}

const empty = (): NotesState => ({ ...NO_CLIENT, notes: [] });

function notesStore() {
  const store = createStore<NotesState>()(() => empty());
  return { store, scope: clientScope(store.getState, store.setState, empty) };
}

/** A promise the test settles by hand, to order answers as they would race. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe('a client-scoped store', () => {
  it('writes for the open client and reloads that client, with its helpers used apart from the scope', async () => {
    const { store, scope } = notesStore();
    const { open, write } = scope;
    await open('client-a', async () => ({ notes: ['first'] }));
    const seen: string[] = [];
    const result = await write(
      async (clientId) => {
        seen.push(`write ${clientId}`);
        return 'written';
      },
      async (clientId) => {
        seen.push(`reload ${clientId}`);
        scope.setFor(clientId, { notes: ['first', 'second'] });
      },
    );
    expect(result).toBe('written');
    expect(seen).toEqual(['write client-a', 'reload client-a']);
    expect(store.getState().notes).toEqual(['first', 'second']);
  });

  it('drops the answer for a client the page has already left', async () => {
    const { store, scope } = notesStore();
    const slow = deferred<Partial<NotesState>>();
    const first = scope.open('client-a', () => slow.promise);
    await scope.open('client-b', async () => ({ notes: ['b'] }));
    slow.resolve({ notes: ['a'] });
    await first;
    expect(store.getState()).toMatchObject({ clientId: 'client-b', notes: ['b'], loadError: null });
  });

  it('shows a failed load, but not the refusal of a locked vault, and refuses a write with no client open', async () => {
    const { store, scope } = notesStore();
    await scope.open('client-a', () => Promise.reject(new ApiError('LOCKED', 'The vault is locked')));
    expect(store.getState().loadError).toBeNull();
    await scope.open('client-a', () => Promise.reject(new ApiError('NOT_FOUND', 'No such client')));
    expect(store.getState().loadError).toEqual(expect.any(String));
    scope.reset();
    expect(store.getState()).toEqual(empty());
    await expect(scope.write(async () => 'never', async () => undefined)).rejects.toThrow('No client is open');
  });
});
