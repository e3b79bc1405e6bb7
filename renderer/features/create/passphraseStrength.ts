export type StrengthScore = 0 | 1 | 2 | 3 | 4;

export interface Strength {
  score: StrengthScore;
  label: string;
  advice: string;
}

export const MIN_PASSPHRASE_LENGTH = 12;

const COMMON_FRAGMENTS = ['password', 'passphrase', '123456', 'qwerty', 'letmein', 'abcdef', 'therapy', 'vault'];

function characterPool(passphrase: string): number {
  let pool = 0;
  if (/[a-z]/.test(passphrase)) pool += 26;
  if (/[A-Z]/.test(passphrase)) pool += 26;
  if (/[0-9]/.test(passphrase)) pool += 10;
  if (/[ ]/.test(passphrase)) pool += 1;
  if (/[^A-Za-z0-9 ]/.test(passphrase)) pool += 33;
  return Math.max(pool, 1);
}

/**
 * A rough guide, not a guarantee: bits from the character pool, counted over
 * the distinct characters (so "aaaa…" scores low), minus well-known
 * fragments. Argon2id and the throttle do the real work; this nudges toward
 * long passphrases of several words.
 */
export function estimateStrength(passphrase: string): Strength {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    return {
      score: 0,
      label: 'Too short',
      advice: `Use at least ${MIN_PASSPHRASE_LENGTH} characters; four or more unrelated words work well.`,
    };
  }
  const lower = passphrase.toLowerCase();
  const distinct = new Set(passphrase).size;
  const effectiveLength = Math.min(passphrase.length, distinct * 3);
  const penalty = COMMON_FRAGMENTS.filter((fragment) => lower.includes(fragment)).length * 15;
  const bits = effectiveLength * Math.log2(characterPool(passphrase)) - penalty;
  if (bits < 50) return { score: 1, label: 'Weak', advice: 'Add more words or characters.' };
  if (bits < 70) return { score: 2, label: 'Fair', advice: 'Another word or two would make it much stronger.' };
  if (bits < 95) return { score: 3, label: 'Good', advice: 'A good passphrase. Longer is still better.' };
  return { score: 4, label: 'Strong', advice: 'A strong passphrase.' };
}
