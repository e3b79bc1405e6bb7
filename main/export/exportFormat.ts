import type { Client } from '../../shared/domain/records';

const pad = (value: number) => String(value).padStart(2, '0');

/** The local calendar day, YYYY-MM-DD. */
export function localDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A stored ISO instant in local time with its UTC offset, so a reader elsewhere can tell the moment. */
export function localTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const zone = `UTC${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${localDay(date)} ${pad(date.getHours())}:${pad(date.getMinutes())} ${zone}`;
}

/**
 * Text as typed can hold carriage returns, tabs and stray control characters
 * that fonts cannot draw; composed (NFC) form lets precomposed glyphs be used.
 */
export function printable(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029]/g, '\n')
    .replace(/\t/g, '    ')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, ' ');
}

/** Characters a file name may keep on every desktop system; the rest become hyphens. */
function fileNamePart(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 40);
}

/**
 * Who a suggested file name is about. File names show in the system's recent
 * files, so it is the chart number (or, without one, a fragment of the random
 * client id), never the client's name.
 */
export function clientFileTag(client: Pick<Client, 'id' | 'chartNumber'>): string {
  const chart = fileNamePart(client.chartNumber ?? '');
  return chart ? `chart-${chart}` : `client-${client.id.slice(0, 8)}`;
}
