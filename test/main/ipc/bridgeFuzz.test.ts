import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultError } from '../../../shared/errors';
import type { FuzzWorld } from './bridgeFuzzHarness';
import { CANARY, channelsWithoutShape, createFuzzWorld, fuzzMode } from './bridgeFuzzHarness';

/**
 * At least 10,000 fuzzed bridge calls against a real vault full of canaries.
 * The psychotherapy run goes last: it may overwrite or delete that
 * compartment's canaries, which the earlier runs check never leak.
 * scripts/fuzzBridge.ts runs the same harness for longer.
 */
describe('bridge fuzz over every channel', () => {
  let world: FuzzWorld;

  beforeAll(async () => {
    world = await createFuzzWorld();
  });
  afterAll(() => world.dispose());

  it('has a request shape for every contract channel, so fuzzed calls reach every handler', () => {
    expect(channelsWithoutShape(world)).toEqual([]);
  });

  it('while locked: typed replies, nothing thrown, no vault content in any reply', async () => {
    await fuzzMode(world, 'locked', 2_000);
  });

  it('while open: typed replies, no psychotherapy content, no content or request text in errors', async () => {
    await fuzzMode(world, 'open', 5_500);
  });

  it('with the psychotherapy compartment open: typed replies, no content or request text in errors', async () => {
    await fuzzMode(world, 'psychotherapy', 3_000);
  });

  it('made at least 10,000 calls', () => {
    expect(world.calls).toBeGreaterThanOrEqual(10_000);
  });
});

describe('the fuzz checks themselves', () => {
  it('catch a handler whose error message names the client', async () => {
    const leaky = await createFuzzWorld({
      handlers: (table) => ({
        ...table,
        'clients.get': ({ vault }, { id }) => {
          // Every name, so the leak does not hang on which client the fuzzed calls made sort first.
          const names = vault.clients.list({ includeArchived: true }).map((client) => client.name).join(', ');
          throw new VaultError('NOT_FOUND', `${names} have no record ${id}`);
        },
      }),
    });
    try {
      const failure = await fuzzMode(leaky, 'open', 3_000, 7).then(
        () => null,
        (error: Error) => error,
      );
      expect(failure?.message).toContain('Counterexample: [["clients.get"');
      expect(String((failure?.cause as Error | undefined)?.message)).toContain('clients.get: error message carries vault content');
    } finally {
      await leaky.dispose();
    }
  });
});
