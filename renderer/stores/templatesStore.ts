import { createStore } from 'zustand/vanilla';
import type { CustomTemplate, CustomTemplateInput } from '../../shared/domain/noteTemplates';
import type { VaultApi } from '../api/vaultApi';
import { isLockedError } from '../api/vaultApi';
import { describeError } from '../api/errorText';

// State

/** The clinician's custom note templates, for the template manager. */
export interface TemplatesState {
  templates: CustomTemplate[];
  loaded: boolean;
  loadError: string | null;
}

export function getEmptyTemplatesState(): TemplatesState {
  return { templates: [], loaded: false, loadError: null };
}

// Actions

export interface TemplatesActions {
  load(): Promise<void>;
  /** A new template, or the next version of an existing one. */
  save(input: CustomTemplateInput, id?: string): Promise<CustomTemplate>;
  remove(id: string): Promise<void>;
  reset(): void;
}

export type TemplatesStore = TemplatesState & TemplatesActions;

export function createTemplatesStore(api: VaultApi) {
  return createStore<TemplatesStore>()((set, get) => ({
    ...getEmptyTemplatesState(),

    async load() {
      try {
        set({ templates: await api.invoke('noteTemplates.list', {}), loaded: true, loadError: null });
      } catch (error) {
        if (!isLockedError(error)) set({ loadError: describeError(error) });
      }
    },

    async save(input, id) {
      const saved = id
        ? await api.invoke('noteTemplates.update', { id, template: input })
        : await api.invoke('noteTemplates.create', { template: input });
      await get().load();
      return saved;
    },

    async remove(id) {
      await api.invoke('noteTemplates.remove', { id });
      await get().load();
    },

    reset() {
      set(getEmptyTemplatesState());
    },
  }));
}
