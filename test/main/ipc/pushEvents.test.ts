import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../../shared/ipc/events';
import { pushVaultEvents } from '../../../main/ipc/pushEvents';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE } from '../../helpers/tempVault';
import { fastDerive } from './fastDerive';
import { FakeTime } from '../vault/fakeTime';

let disposers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const dispose of disposers) await dispose();
  disposers = [];
});

/** Lets the vault's serial lock queue run after a timer fired. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

async function setup() {
  const time = new FakeTime();
  const made = await createdVault({ clock: time, timers: time, derive: fastDerive });
  const pushed: { event: EventName; payload: unknown }[] = [];
  const stop = pushVaultEvents({ vault: made.vault, push: (event, payload) => pushed.push({ event, payload }), timers: time, now: time.now });
  disposers.push(made.dispose, stop);
  return { vault: made.vault, time, pushed, stop };
}

describe('vault push events', () => {
  it('warns a minute before the idle lock, then reports the idle lock', async () => {
    const { time, pushed } = await setup();
    time.advance(9 * 60_000 - 1);
    expect(pushed).toEqual([]);
    time.advance(1);
    expect(pushed).toEqual([{ event: 'vault.idleWarning', payload: { secondsLeft: 60 } }]);
    time.advance(60_000);
    await settle();
    expect(pushed.slice(1)).toEqual([{ event: 'vault.state', payload: { state: 'locked', reason: 'idle' } }]);
  });

  it('does not warn while activity keeps the vault open', async () => {
    const { vault, time, pushed } = await setup();
    for (let minute = 0; minute < 30; minute += 1) {
      time.advance(60_000);
      vault.recordActivity();
    }
    expect(pushed).toEqual([]);
  });

  it('reports unlock, the psychotherapy compartment opening and closing, and the lock', async () => {
    const { vault, pushed } = await setup();
    await vault.lock('screen-locked');
    await vault.unlock(PASSPHRASE);
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    vault.closePsychotherapy('psychotherapy-closed');
    expect(pushed).toEqual([
      { event: 'vault.state', payload: { state: 'locked', reason: 'screen-locked' } },
      { event: 'vault.state', payload: { state: 'open', reason: 'unlocked' } },
      { event: 'vault.state', payload: { state: 'open+psychotherapy', reason: 'psychotherapy-opened' } },
      { event: 'vault.state', payload: { state: 'open', reason: 'psychotherapy-closed' } },
    ]);
  });

  it('pushes nothing once stopped', async () => {
    const { vault, time, pushed, stop } = await setup();
    stop();
    await vault.lock('manual');
    time.advance(60 * 60_000);
    expect(pushed).toEqual([]);
  });
});
