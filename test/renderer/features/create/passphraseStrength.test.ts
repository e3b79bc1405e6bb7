import { describe, expect, it } from 'vitest';
import { estimateStrength } from '../../../../renderer/features/create/passphraseStrength';

describe('passphrase strength guide', () => {
  it('calls anything under 12 characters too short', () => {
    expect(estimateStrength('Tr0ub4dor&3').label).toBe('Too short');
  });

  it('scores a repeated character low however long it is', () => {
    expect(estimateStrength('a'.repeat(40)).score).toBe(1);
  });

  it('marks well-known fragments down', () => {
    expect(estimateStrength('password123456').score).toBeLessThan(estimateStrength('lantern987quiet').score);
  });

  it('rates several unrelated words as strong', () => {
    expect(estimateStrength('violet harbour lantern seventeen').label).toBe('Strong');
  });
});
