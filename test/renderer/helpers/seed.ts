import { DEFAULT_SETTINGS } from '../../../shared/domain/schemas';
import type { TestVault } from './vaultBridge';

/** A client with one session, and the clinician's name so notes can be signed. */
export function seedSession(vault: TestVault, clientName = 'Ada Quill') {
  const { vault: v } = vault.host;
  v.settings.save({ ...DEFAULT_SETTINGS, clinicianName: 'Dr. Test Clinician', credentials: 'PhD' });
  const client = v.clients.create({ name: clientName });
  const session = v.sessions.create({
    clientId: client.id,
    date: '2026-04-14',
    startTime: '14:00',
    endTime: '14:50',
    modality: 'in-person',
  });
  return { client, session };
}
