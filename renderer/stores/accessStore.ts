import { createStore } from 'zustand/vanilla';
import type { AccessDenial, AccessExtension, AccessRequestInput, AccessRequestView } from '../../shared/domain/accessRequests';
import type { AccessFulfilOutcome, Accounting } from '../../shared/ipc/contract';
import type { VaultApi } from '../api/vaultApi';
import { clientScope, NO_CLIENT } from './clientScope';
import type { ClientScopedActions, ClientScopedState } from './clientScope';

// State

/** One client's records requests (164.524) and, once asked for, their accounting of disclosures (164.528). */
export interface AccessState extends ClientScopedState {
  /** Newest receipt first, each with its due date computed in main. */
  requests: AccessRequestView[];
  accounting: Accounting | null;
}

export function getEmptyAccessState(): AccessState {
  return { ...NO_CLIENT, requests: [], accounting: null };
}

// Actions

export interface AccessActions extends ClientScopedActions {
  record(input: Omit<AccessRequestInput, 'clientId'>): Promise<AccessRequestView>;
  extend(id: string, extension: AccessExtension): Promise<AccessRequestView>;
  deny(id: string, denial: AccessDenial): Promise<AccessRequestView>;
  /** Main asks where to save, exports the record set and closes the request. */
  fulfil(id: string): Promise<AccessFulfilOutcome>;
  loadAccounting(): Promise<void>;
  exportAccounting(): Promise<{ saved: boolean; pageCount: number }>;
}

export type AccessStore = AccessState & AccessActions;

export function createAccessStore(api: VaultApi) {
  return createStore<AccessStore>()((set, get) => {
    const { requireClientId, setFor, open, write, reset } = clientScope(get, set, getEmptyAccessState);
    const fetchRequests = async (clientId: string) => ({ requests: await api.invoke('accessRequests.listForClient', { clientId }) });
    const reload = async (clientId: string) => setFor(clientId, await fetchRequests(clientId));

    return {
      ...getEmptyAccessState(),

      open: (clientId) => open(clientId, fetchRequests),

      record: (input) => write((clientId) => api.invoke('accessRequests.create', { request: { ...input, clientId } }), reload),
      extend: (id, extension) => write(() => api.invoke('accessRequests.extend', { id, extension }), reload),
      deny: (id, denial) => write(() => api.invoke('accessRequests.deny', { id, denial }), reload),
      fulfil: (id) => write(() => api.invoke('accessRequests.fulfil', { id }), reload),

      async loadAccounting() {
        const clientId = requireClientId();
        setFor(clientId, { accounting: await api.invoke('accounting.forClient', { clientId }) });
      },

      exportAccounting: () => api.invoke('accounting.exportPdf', { clientId: requireClientId() }),

      reset,
    };
  });
}
