import type { VaultApi } from '../api/vaultApi';
import { createAccessStore } from './accessStore';
import { createAgendaStore } from './agendaStore';
import { AUTOSAVE_DELAY_MS } from './autosave';
import { createBackupStore } from './backupStore';
import { createClientPageStore } from './clientPageStore';
import { createClientsStore } from './clientsStore';
import { createClinicalStore } from './clinicalStore';
import { createMeasuresStore } from './measuresStore';
import { createLogsStore } from './logsStore';
import { createNavigationStore } from './navigationStore';
import { createPsychotherapyStore } from './psychotherapyStore';
import { createSearchStore } from './searchStore';
import { createSessionStore } from './sessionStore';
import { createSettingsStore } from './settingsStore';
import { createShellStore } from './shellStore';
import { createSyncStore } from './syncStore';
import { createTemplatesStore } from './templatesStore';
import { createTodayStore } from './todayStore';
import { createVaultStore } from './vaultStore';

export interface AppStoresOptions {
  autosaveDelayMs?: number;
}

/**
 * Every store of the window, made once per page from one api. Whenever main
 * reports the vault locked (or refuses a call with LOCKED) each store goes
 * back to its empty state, so nothing decrypted outlives the lock here.
 */
export function createAppStores(api: VaultApi, options: AppStoresOptions = {}) {
  const autosaveDelayMs = options.autosaveDelayMs ?? AUTOSAVE_DELAY_MS;
  const vault = createVaultStore(api);
  const navigation = createNavigationStore();
  const session = createSessionStore(api, autosaveDelayMs);
  const psychotherapy = createPsychotherapyStore(api, autosaveDelayMs);
  const clinical = createClinicalStore(api);
  const stores = {
    vault,
    navigation,
    today: createTodayStore(api),
    shell: createShellStore(),
    clients: createClientsStore(api),
    clientPage: createClientPageStore(api),
    agenda: createAgendaStore(api),
    clinical,
    measures: createMeasuresStore(api),
    access: createAccessStore(api),
    logs: createLogsStore(api),
    session,
    psychotherapy,
    settings: createSettingsStore(api),
    templates: createTemplatesStore(api),
    search: createSearchStore(api),
    sync: createSyncStore(api, {
      async beforeResolve(conflict) {
        if (conflict.kind === 'progressNote') await session.getState().settleBeforeResolve(conflict.recordId);
        if (conflict.kind === 'psychotherapyNote') await psychotherapy.getState().settleBeforeResolve(conflict.recordId);
      },
      async afterResolve(conflict) {
        if (conflict.kind === 'progressNote' && session.getState().note?.id === conflict.recordId) await session.getState().refreshNote();
        if (conflict.kind === 'psychotherapyNote' && psychotherapy.getState().drafts.some((draft) => draft.note.id === conflict.recordId)) {
          await psychotherapy.getState().refreshNotes();
        }
        if (conflict.kind === 'treatmentPlan' && clinical.getState().clientId !== null) await clinical.getState().reloadPlans();
      },
    }),
    backup: createBackupStore(api, {
      onRestoreAnswered(status) {
        if (!status) return;
        vault.getState().followRestore(status);
        // The outcome (what was restored, or why not) is shown with the backups in settings.
        if (status.state !== 'locked') navigation.getState().go({ screen: 'settings' });
      },
    }),
  };

  /**
   * Another computer's changes were merged: the lists and agenda on screen are read again.
   * The open session's notes are read again, each only where no edit waits to be saved
   * (the progress note's conflicts always), and a client's treatment plans (a plan being
   * edited keeps what is in its editor); any other open form is left alone, so nothing
   * being typed is disturbed; it is read afresh when opened next.
   */
  const reloadAfterSync = () => {
    const { route } = navigation.getState();
    if (route.screen === 'session') {
      void session.getState().refreshNote();
      void psychotherapy.getState().refreshNotes();
    }
    if (route.screen === 'today') void stores.today.getState().load();
    if (route.screen === 'clients') void stores.clients.getState().load();
    if (route.screen === 'client') {
      void stores.clientPage.getState().open(route.clientId);
      void clinical.getState().reloadPlans();
    }
    if (route.screen === 'agenda') void stores.agenda.getState().showWeekOf(stores.agenda.getState().weekStart ?? undefined);
  };

  const resetAll = () => {
    for (const store of Object.values(stores)) store.getState().reset();
  };

  const unsubscribers = [
    api.onLocked(resetAll),
    api.onPsychotherapyClosed(() => stores.psychotherapy.getState().reset()),
    api.on('backup.progress', (progress) => stores.backup.getState().showProgress(progress)),
    api.on('sync.status', (status) => stores.sync.getState().showStatus(status)),
    api.on('sync.progress', (progress) => stores.sync.getState().showProgress(progress)),
    api.on('sync.imported', () => reloadAfterSync()),
    api.on('vault.idleWarning', ({ secondsLeft }) => {
      stores.vault.getState().showIdleWarning(secondsLeft, Date.now());
      void stores.session.getState().flush();
      void stores.psychotherapy.getState().flush();
    }),
  ];

  return {
    ...stores,
    api,
    resetAll,
    /** Saves what is being typed, then asks main to lock; main's state event resets the stores. */
    async lock(): Promise<void> {
      await Promise.all([stores.session.getState().flush(), stores.psychotherapy.getState().flush()]);
      try {
        await api.invoke('vault.lock', {});
      } finally {
        resetAll();
      }
    },
    dispose() {
      for (const unsubscribe of unsubscribers) unsubscribe();
    },
  };
}

export type AppStores = ReturnType<typeof createAppStores>;
