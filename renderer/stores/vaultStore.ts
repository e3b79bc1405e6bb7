import { createStore } from 'zustand/vanilla';
import type { RequestOf, VaultStatus } from '../../shared/ipc/contract';
import type { VaultApi } from '../api/vaultApi';

// State

/**
 * Which screen the window is on, as far as the vault goes. `recovery-key`
 * is the one moment after creation when the key is on screen; `backup-setup`
 * the step after it that asks for a backup folder.
 */
export type VaultPhase = 'starting' | 'unavailable' | 'absent' | 'recovery-key' | 'backup-setup' | 'locked' | 'open';

export interface VaultState {
  phase: VaultPhase;
  /** Shown once after creation; dropped when the therapist confirms storing it, or on lock. */
  recoveryKey: string | null;
  /** When the idle lock fires (ms since epoch), while the warning is up. */
  idleWarningUntil: number | null;
}

export function getEmptyVaultState(): VaultState {
  return { phase: 'locked', recoveryKey: null, idleWarningUntil: null };
}

// Actions

export interface VaultActions {
  /** Asks main where things stand: no vault yet, locked, or open. */
  start(): Promise<void>;
  create(passphrase: string, psychotherapyPassphrase?: string): Promise<void>;
  confirmRecoveryKeyStored(): void;
  /** Leaves the first-run backup step, with a folder chosen or skipped. */
  finishBackupSetup(): void;
  unlock(passphrase: string): Promise<void>;
  /** A new computer joins the vault in the sync folder main was told of (vault.chooseJoinFolder); it opens on success. */
  join(passphrase: string, deviceName: string): Promise<void>;
  /** Forgotten passphrase: the recovery key opens the vault and sets the new passphrase(s). */
  unlockWithRecoveryKey(input: RequestOf<'vault.unlockWithRecoveryKey'>): Promise<void>;
  /** After a restore: open on the restored file, or, when it failed late, the old vault back in place and locked. */
  followRestore(status: VaultStatus): void;
  showIdleWarning(secondsLeft: number, now: number): void;
  clearIdleWarning(): void;
  reset(): void;
}

export type VaultStore = VaultState & VaultActions;

function phaseOf(status: VaultStatus): VaultPhase {
  if (!status.created) return 'absent';
  return status.state === 'locked' ? 'locked' : 'open';
}

export function createVaultStore(api: VaultApi) {
  return createStore<VaultStore>()((set) => ({
    ...getEmptyVaultState(),
    phase: 'starting',

    async start() {
      try {
        const status = await api.invoke('vault.status', {});
        set({ phase: phaseOf(status) });
      } catch {
        set({ phase: 'unavailable' });
      }
    },

    async create(passphrase, psychotherapyPassphrase) {
      const { recoveryKey } = await api.invoke(
        'vault.create',
        psychotherapyPassphrase === undefined ? { passphrase } : { passphrase, psychotherapyPassphrase },
      );
      set({ phase: 'recovery-key', recoveryKey });
    },

    confirmRecoveryKeyStored() {
      set({ phase: 'backup-setup', recoveryKey: null });
    },

    finishBackupSetup() {
      set({ phase: 'open' });
    },

    async unlock(passphrase) {
      const status = await api.invoke('vault.unlock', { passphrase });
      set({ phase: phaseOf(status) });
    },

    async join(passphrase, deviceName) {
      const status = await api.invoke('vault.join', { passphrase, deviceName });
      set({ phase: phaseOf(status) });
    },

    async unlockWithRecoveryKey(input) {
      const status = await api.invoke('vault.unlockWithRecoveryKey', input);
      set({ phase: phaseOf(status) });
    },

    followRestore(status) {
      set({ phase: phaseOf(status), recoveryKey: null });
    },

    showIdleWarning(secondsLeft, now) {
      set({ idleWarningUntil: now + secondsLeft * 1000 });
    },

    clearIdleWarning() {
      set({ idleWarningUntil: null });
    },

    reset() {
      set(getEmptyVaultState());
    },
  }));
}

// Selectors

export const selectPhase = (state: VaultState): VaultPhase => state.phase;
export const selectRecoveryKey = (state: VaultState): string | null => state.recoveryKey;
export const selectIdleWarningUntil = (state: VaultState): number | null => state.idleWarningUntil;
