import { createStore } from 'zustand/vanilla';
import type { AuditLogQuery, AuditLogView, DisclosureLogEntry, DisclosureLogQuery } from '../../shared/ipc/contract';
import type { VaultApi } from '../api/vaultApi';
import { isLockedError } from '../api/vaultApi';
import { describeError } from '../api/errorText';

// State

/** The logs screen: the disclosure log and the audit log as last asked for, and the audit chain's verification. */
export interface LogsState {
  disclosures: DisclosureLogEntry[] | null;
  audit: AuditLogView | null;
  loadError: string | null;
}

export function getEmptyLogsState(): LogsState {
  return { disclosures: null, audit: null, loadError: null };
}

// Actions

export interface LogsActions {
  loadDisclosures(query: DisclosureLogQuery): Promise<void>;
  /** Main verifies the whole chain on every load. */
  loadAudit(query: AuditLogQuery): Promise<void>;
  reset(): void;
}

export type LogsStore = LogsState & LogsActions;

export function createLogsStore(api: VaultApi) {
  return createStore<LogsStore>()((set) => {
    // Per log, so a slow reply to an older filter never overwrites a newer one.
    const generation = { disclosures: 0, audit: 0 };
    const load = async <K extends 'disclosures' | 'audit'>(key: K, call: () => Promise<LogsState[K]>) => {
      const started = ++generation[key];
      try {
        const value = await call();
        if (started === generation[key]) set({ [key]: value, loadError: null } as Partial<LogsState>);
      } catch (error) {
        if (started === generation[key] && !isLockedError(error)) set({ loadError: describeError(error) });
      }
    };
    return {
      ...getEmptyLogsState(),
      loadDisclosures: (query) => load('disclosures', () => api.invoke('disclosures.log', query)),
      loadAudit: (query) => load('audit', () => api.invoke('audit.log', query)),
      reset() {
        generation.disclosures += 1;
        generation.audit += 1;
        set(getEmptyLogsState());
      },
    };
  });
}
