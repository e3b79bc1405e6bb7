import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VaultOptions } from '../../../main/vault/vault';
import type { Bridge, BridgeCalls } from '../../../shared/ipc/bridge';
import { CHANNELS } from '../../../shared/ipc/contract';
import type { VaultHost } from '../../e2e/testBridge/vaultHost';
import { hostVault } from '../../e2e/testBridge/vaultHost';

export const PASSPHRASE = 'correct horse battery staple';
export const PSYCH_PASSPHRASE = 'a different, longer psychotherapy passphrase';

/**
 * The preload's Bridge, in process: every call goes through the real
 * dispatcher to a real vault, and payloads are cloned both ways as IPC would.
 * Pushes arrive on a later task, as they do over IPC.
 */
export function inProcessBridge(host: VaultHost): Bridge {
  const call = Object.fromEntries(
    CHANNELS.map((channel) => [
      channel,
      async (request: unknown) => structuredClone(await host.dispatch(channel, structuredClone(request))),
    ]),
  ) as BridgeCalls;
  return {
    call,
    on(event, listener) {
      return host.subscribe((name, payload) => {
        if ((name as string) === (event as string)) setTimeout(() => listener(structuredClone(payload) as never), 0);
      });
    },
  };
}

export interface TestVault {
  host: VaultHost;
  bridge: Bridge;
  /** Shown once at creation; empty when the vault was not created. */
  recoveryKey: string;
  dispose(): Promise<void>;
}

/** A real vault file in a temp dir behind an in-process bridge; `created` runs the first-run step. */
export async function testVault(options: { created?: boolean; vault?: VaultOptions } = {}): Promise<TestVault> {
  const dir = mkdtempSync(join(tmpdir(), 'tv-renderer-'));
  const host = await hostVault(dir, options.vault);
  const { recoveryKey } =
    (options.created ?? true)
      ? await host.vault.create({ passphrase: PASSPHRASE, psychotherapyPassphrase: PSYCH_PASSPHRASE })
      : { recoveryKey: '' };
  return {
    host,
    recoveryKey,
    bridge: inProcessBridge(host),
    async dispose() {
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
