// How the client list orders and finds people: by family name, and without
// caring about accents or case, so "tomas" finds "Tomás".

interface Named {
  id: string;
  name: string;
  preferredName?: string;
  sortAs?: string;
  chartNumber?: string;
}

/** Text with accents stripped and letters lowered, for comparing what was typed with what was stored. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('en-US');
}

/** The "sort as" field when given, else the last word of the name (the family name in most Western names). */
export function familySortKey(client: Pick<Named, 'name' | 'sortAs'>): string {
  const given = client.sortAs?.trim();
  if (given) return given;
  const words = client.name.trim().split(/\s+/);
  return words[words.length - 1] ?? client.name;
}

const collator = new Intl.Collator('en-US', { sensitivity: 'base', numeric: true });

/** By family name, then the whole name, then id, so the order never depends on the input's. */
export function compareByFamilyName(a: Named, b: Named): number {
  return collator.compare(familySortKey(a), familySortKey(b)) || collator.compare(a.name, b.name) || a.id.localeCompare(b.id);
}

/** Whether the name, preferred name or chart number contains the filter, accents and case aside. */
export function matchesClientFilter(client: Named, filter: string): boolean {
  const needle = foldText(filter.trim());
  if (!needle) return true;
  return [client.name, client.preferredName, client.chartNumber, client.sortAs]
    .filter((value): value is string => Boolean(value))
    .some((value) => foldText(value).includes(needle));
}
