import { createStore } from 'zustand/vanilla';
import type { AccessDenial, AccessExtension, AccessRequestInput, AccessRequestView } from '../../shared/domain/accessRequests';
import type { AccessFulfilOutcome, Accounting } from '../../shared/ipc/contract';
import type { VaultApi } from '../api/vaultApi';
import { clientScope } from './clientScope';

// State

/** One client's records requests (164.524) and, once asked for, their accounting of disclosures (164.528). */
export interface AccessState {
  clientId: string | null;
  /** Newest receipt first, each with its due date computed in main. */
  requests: AccessRequestView[];
  accounting: Accounting | null;
  loadError: string | null;
}

export function getEmptyAccessState(): AccessState {
  return { clientId: null, requests: [], accounting: null, loadError: null };
}

// Actions

export interface AccessActions {
  open(clientId: string): Promise<void>;
  record(input: Omit<AccessRequestInput, 'clientId'>): Promise<AccessRequestView>;
  extend(id: string, extension: AccessExtension): Promise<void>;
  deny(id: string, denial: AccessDenial): Promise<void>;
  /** Main asks where to save, exports the record set and closes the request. */
  fulfil(id: string): Promise<AccessFulfilOutcome>;
  loadAccounting(): Promise<void>;
  exportAccounting(): Promise<{ saved: boolean; pageCount: number }>;
  reset(): void;
}

export type AccessStore = AccessState & AccessActions;

export function createAccessStore(api: VaultApi) {
  return createStore<AccessStore>()((set, get) => {
    const { requireClientId, setFor, open } = clientScope(get, set, getEmptyAccessState);
    const fetchRequests = async (clientId: string) => ({ requests: await api.invoke('accessRequests.listForClient', { clientId }) });
    const reload = async (clientId: string) => setFor(clientId, await fetchRequests(clientId));

    return {
      ...getEmptyAccessState(),

      open: (clientId) => open(clientId, fetchRequests),

      async record(input) {
        const clientId = requireClientId();
        const created = await api.invoke('accessRequests.create', { request: { ...input, clientId } });
        await reload(clientId);
        return created;
      },

      async extend(id, extension) {
        await api.invoke('accessRequests.extend', { id, extension });
        await reload(requireClientId());
      },

      async deny(id, denial) {
        await api.invoke('accessRequests.deny', { id, denial });
        await reload(requireClientId());
      },

      async fulfil(id) {
        const outcome = await api.invoke('accessRequests.fulfil', { id });
        await reload(requireClientId());
        return outcome;
      },

      async loadAccounting() {
        const clientId = requireClientId();
        setFor(clientId, { accounting: await api.invoke('accounting.forClient', { clientId }) });
      },

      exportAccounting: () => api.invoke('accounting.exportPdf', { clientId: requireClientId() }),

      reset() {
        set(getEmptyAccessState());
      },
    };
  });
}
