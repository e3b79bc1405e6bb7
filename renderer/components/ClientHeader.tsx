import type { Client } from '../../shared/domain/records';
import { formatDate } from './format';
import { TermList } from './TermList';
import type { Terms } from './TermList';

export type ClientIdentity = Pick<Client, 'name' | 'preferredName' | 'dateOfBirth' | 'chartNumber'>;

/**
 * Who this is about: name, preferred name, date of birth and chart number,
 * on every screen that writes to a client's record, so a note is never
 * written or signed for the wrong person.
 */
export function ClientHeader({ client }: { client: ClientIdentity }) {
  const items: Terms = [
    ['Client', client.name],
    ['Preferred name', client.preferredName || '—'],
    ['Date of birth', client.dateOfBirth ? formatDate(client.dateOfBirth) : '—'],
    ['Chart number', client.chartNumber || '—'],
  ];
  return (
    <div className="client-header" role="group" aria-label={`Client ${client.name}`}>
      <TermList terms={items} />
    </div>
  );
}
