import type { Settings } from '../../shared/domain/schemas';
import { VaultError } from '../../shared/errors';

/**
 * Who signs: the clinician named in Settings, with credentials when given
 * ("Dana Reyes, LCSW"). Never taken from the window, so a signature names
 * the practice's own clinician.
 */
export function signerName(settings: Pick<Settings, 'clinicianName' | 'credentials'>): string {
  const name = settings.clinicianName.trim();
  if (!name) throw new VaultError('SIGNER_NAME_MISSING', 'Add your name in Settings before signing');
  const credentials = settings.credentials.trim();
  return credentials ? `${name}, ${credentials}` : name;
}
