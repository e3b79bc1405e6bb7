import type { AuthorizationView } from '../../shared/domain/authorizations';
import type { Client, PsychotherapyNote, Session } from '../../shared/domain/records';
import type { CourtOrder } from '../../shared/domain/release';
import type { Settings } from '../../shared/domain/schemas';

/**
 * Everything a psychotherapy-note release may read: the notes it is asked
 * for one by one, their sessions and client, the basis, and the practice
 * settings. No progress note is here, so a release cannot carry one.
 */
export interface ReleaseSource {
  getClient(id: string): Client;
  getSession(id: string): Session;
  getPsychotherapyNote(id: string): PsychotherapyNote;
  /** With its status today. */
  getAuthorization(id: string): AuthorizationView;
  getCourtOrder(id: string): CourtOrder;
  settings(): Settings;
}
