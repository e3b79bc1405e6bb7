import { afterEach, describe, expect, it } from 'vitest';
import { createSearchIndex, RANKED_MATCHES } from '../../../main/search/searchIndex';
import type { SearchHit } from '../../../main/search/searchTypes';
import { isVaultError } from '../../../shared/errors';
import type { IndexedRecords } from './searchFixture';
import { indexedRecords, note } from './searchFixture';

let made: IndexedRecords[] = [];
function fresh(compartment: 'progress' | 'psychotherapy' = 'progress'): IndexedRecords {
  const records = indexedRecords(compartment);
  made.push(records);
  return records;
}
afterEach(() => {
  for (const records of made) records.index.close();
  made = [];
});

function highlighted(hit: SearchHit | undefined): string[] {
  return (hit?.snippet ?? []).filter((part) => part.highlight).map((part) => part.text);
}

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return isVaultError(error) ? error.code : 'not a VaultError';
  }
  return undefined;
}

describe('search matching', () => {
  it('ignores accents in both directions and case', () => {
    const s = fresh();
    const tomas = note({ subjective: 'Tomás described a calmer week.' });
    const plain = note({ subjective: 'Zoe RIVERA attended with her sister.' });
    const decomposed = note({ subjective: 'Met with Rene\u0301e about sleep.' });
    s.add(tomas, plain, decomposed);
    expect(s.ids('tomas')).toEqual([tomas.id]);
    expect(s.ids('TOMÁS')).toEqual([tomas.id]);
    expect(s.ids('Zoë rivera')).toEqual([plain.id]);
    expect(s.ids('renée')).toEqual([decomposed.id]);
    expect(s.ids('RENEE')).toEqual([decomposed.id]);
  });

  it('matches the last bare word as a prefix, and any word with a trailing star', () => {
    const s = fresh();
    const anxiety = note({ assessment: 'Anxiety is easing; panic attacks are rarer.' });
    const anxious = note({ assessment: 'Felt anxious before the exam.' });
    s.add(anxiety, anxious);
    expect(s.ids('anx').sort()).toEqual([anxiety.id, anxious.id].sort());
    expect(s.ids('anx panic')).toEqual([]);
    expect(s.ids('anx* panic')).toEqual([anxiety.id]);
    expect(s.ids('"anxious"')).toEqual([anxious.id]);
  });

  it('finds the same words by a four-letter prefix, which has an index of its own, as by shorter and longer ones', () => {
    const s = fresh();
    const anxiety = note({ assessment: 'ANXIETY is easing.' });
    const anxious = note({ plan: 'Felt anxious.' }, { kind: 'session' });
    const accented = note({ subjective: 'Ánxiété, in French.' });
    const word = note({ subjective: 'Anxi was the nickname.' });
    const calm = note({ subjective: 'A calm week.' });
    const calmer = note({ subjective: 'Calmer than before; Tomás agreed.' });
    const greek = note({ subjective: 'Ωμέγα again.' });
    s.add(anxiety, anxious, accented, word, calm, calmer, greek);
    const anxiousFour = [anxiety.id, anxious.id, accented.id, word.id].sort();
    expect(s.ids('anxi').sort()).toEqual(anxiousFour);
    expect(s.ids('ANXÍ*').sort()).toEqual(anxiousFour);
    expect(s.ids('anx').sort()).toEqual(anxiousFour);
    expect(s.ids('anxie').sort()).toEqual([anxiety.id, accented.id].sort());
    expect(s.ids('"anxi"')).toEqual([word.id]);
    expect(s.ids('calm').sort()).toEqual([calm.id, calmer.id].sort());
    expect(s.ids('toma')).toEqual([calmer.id]);
    expect(s.ids('ωμεγ')).toEqual([]);
    expect(s.ids('ωμέγ')).toEqual([greek.id]);
    expect(s.ids('calm anxi')).toEqual([]);
    expect(s.ids('calm* toma')).toEqual([calmer.id]);
    s.index.remove('progressNote', anxiety.id);
    s.add({ ...calm, fields: { subjective: 'Anxiously quiet week.' } });
    expect(s.ids('anxi').sort()).toEqual([anxious.id, accented.id, word.id, calm.id].sort());
    expect(s.ids('calm')).toEqual([calmer.id]);
  });

  it('keeps the words of a quoted phrase together and in order', () => {
    const s = fresh();
    const together = note({ plan: 'Practice deep breathing twice a day.' });
    const apart = note({ plan: 'Breathing was deep and slow.' });
    s.add(together, apart);
    expect(s.ids('deep breathing').sort()).toEqual([together.id, apart.id].sort());
    expect(s.ids('"deep breathing"')).toEqual([together.id]);
    expect(s.ids('"deep breath"*')).toEqual([together.id]);
    expect(s.ids('"breathing deep"')).toEqual([]);
  });

  it('needs every term, in any of the record\'s fields, but never a phrase across two fields', () => {
    const s = fresh();
    const split = note({ subjective: 'Trouble with sleep', plan: 'Talk to the employer about work hours' });
    s.add(split);
    expect(s.ids('sleep employer')).toEqual([split.id]);
    expect(s.ids('sleep unicorn')).toEqual([]);
    expect(s.ids('"sleep talk"')).toEqual([]);
  });

  it('ranks the record that is about the term above one that mentions it in passing', () => {
    const s = fresh();
    const passing = note({ subjective: `Long session about many topics ${'family work school money '.repeat(20)} and grief once.` });
    const about = note({ subjective: 'Grief. Grief after the loss; grief at night.' });
    s.add(passing, about);
    expect(s.ids('grief')).toEqual([about.id, passing.id]);
  });

  it('indexes every kind it is given and says which field matched', () => {
    const s = fresh();
    const client = { ...note({ name: 'Ingrid Sørensen', chartNumber: 'TV-00042' }), kind: 'client' as const, template: undefined, signed: undefined };
    const addendum = note({ text: 'Late entry: the client called about the medication change.' }, { kind: 'addendum' });
    s.add(client, addendum);
    const [byChart] = s.search('tv 00042');
    expect(byChart).toMatchObject({ kind: 'client', id: client.id, field: 'chartNumber', psychotherapy: false });
    expect(byChart).not.toHaveProperty('signed');
    const [byText] = s.search('medication');
    expect(byText).toMatchObject({ kind: 'addendum', field: 'text', fields: ['text'] });
  });

  it('puts the field holding most of the terms first', () => {
    const s = fresh();
    const record = note({ subjective: 'Panic at the store.', assessment: 'Panic disorder, work stress and panic at work.' });
    s.add(record);
    const [hit] = s.search('panic work');
    expect(hit?.field).toBe('assessment');
    expect(hit?.fields).toEqual(['assessment', 'subjective']);
  });
});

describe('search filters', () => {
  function filtered() {
    const s = fresh();
    const early = note({ plan: 'Exposure homework.' }, { clientId: 'client-a', date: '2024-01-10T09:00:00.000Z', template: 'SOAP', signed: true });
    const draft = note({ plan: 'Exposure practice.' }, { clientId: 'client-a', date: '2024-02-20T15:30:00.000Z', template: 'DAP', signed: false });
    const other = note({ plan: 'Exposure ladder.' }, { clientId: 'client-b', date: '2024-03-05', template: 'SOAP', signed: true });
    const session = note({ title: 'Exposure follow-up' }, { kind: 'session', clientId: 'client-b', date: '2024-03-06', template: undefined, signed: undefined });
    s.add(early, draft, other, session);
    return { s, early, draft, other, session };
  }

  it('narrow by client, template, kind and signed or draft', () => {
    const { s, early, draft, other, session } = filtered();
    const sorted = (ids: string[]) => [...ids].sort();
    expect(sorted(s.ids('exposure', { filters: { clientId: 'client-a' } }))).toEqual(sorted([early.id, draft.id]));
    expect(sorted(s.ids('exposure', { filters: { template: 'SOAP' } }))).toEqual(sorted([early.id, other.id]));
    expect(s.ids('exposure', { filters: { signed: false } })).toEqual([draft.id]);
    expect(sorted(s.ids('exposure', { filters: { signed: true } }))).toEqual(sorted([early.id, other.id]));
    expect(s.ids('exposure', { filters: { kinds: ['session'] } })).toEqual([session.id]);
    expect(s.ids('exposure', { filters: { kinds: [] } })).toEqual([]);
    expect(s.ids('exposure', { filters: { clientId: 'client-b', kinds: ['progressNote'] } })).toEqual([other.id]);
  });

  it('narrow by an inclusive date range, a date-only end covering its whole day', () => {
    const { s, early, draft, other, session } = filtered();
    const sorted = (ids: string[]) => [...ids].sort();
    expect(sorted(s.ids('exposure', { filters: { from: '2024-02-01', to: '2024-03-05' } }))).toEqual(sorted([draft.id, other.id]));
    expect(s.ids('exposure', { filters: { to: '2024-01-10' } })).toEqual([early.id]);
    expect(s.ids('exposure', { filters: { from: '2024-03-06' } })).toEqual([session.id]);
    expect(s.ids('exposure', { filters: { from: '2024-04-01' } })).toEqual([]);
  });

  it('page through results with limit and offset, and refuse a bad page', () => {
    const s = fresh();
    s.add(...Array.from({ length: 30 }, (_, i) => note({ plan: `Relaxation practice number ${i}.` })));
    expect(s.ids('relaxation')).toHaveLength(20);
    const all = s.ids('relaxation', { limit: 100 });
    expect(all).toHaveLength(30);
    expect(s.ids('relaxation', { limit: 5, offset: 25 })).toEqual(all.slice(25));
    expect(codeOf(() => s.search('relaxation', { limit: 0 }))).toBe('INVALID_INPUT');
    expect(codeOf(() => s.search('relaxation', { limit: 101 }))).toBe('INVALID_INPUT');
    expect(codeOf(() => s.search('relaxation', { offset: -1 }))).toBe('INVALID_INPUT');
    expect(codeOf(() => s.search('relaxation', { limit: 2.5 }))).toBe('INVALID_INPUT');
  });
});

describe('a very common term', () => {
  it('answers newest first once it matches more records than are ranked, and an edit keeps a record\'s place', () => {
    const s = fresh();
    const oldBest = note({ plan: 'Routine routine routine routine.' });
    const filler = Array.from({ length: RANKED_MATCHES }, (_, i) => note({ plan: `Routine check ${i} with many other words here.` }));
    const newest = note({ plan: 'A routine check.' });
    s.add(oldBest, ...filler, newest);
    expect(s.ids('routine', { limit: 3 })).toEqual([newest.id, filler[RANKED_MATCHES - 1]!.id, filler[RANKED_MATCHES - 2]!.id]);
    s.add({ ...oldBest, fields: { plan: 'Routine routine routine routine routine.' } });
    expect(s.ids('routine', { limit: 1 })).toEqual([newest.id]);
    s.index.remove('progressNote', newest.id);
    s.index.remove('progressNote', filler[0]!.id);
    expect(s.ids('routine', { limit: 1 })).toEqual([oldBest.id]);
  });

  it('pages newest first past the ranked window, filtered or not, and finds nothing after the last match', () => {
    const s = fresh();
    const mine = Array.from({ length: RANKED_MATCHES + 5 }, (_, i) => note({ plan: `Routine check ${i}.` }, { clientId: 'client-a' }));
    const theirs = Array.from({ length: 10 }, (_, i) => note({ plan: `Routine walk ${i}.` }, { clientId: 'client-b' }));
    s.add(...mine, ...theirs);
    const newestFirst = [...mine, ...theirs].reverse().map((record) => record.id);
    expect(s.ids('routine', { limit: 5, offset: 8 })).toEqual(newestFirst.slice(8, 13));
    expect(s.ids('routine', { limit: 100, offset: RANKED_MATCHES - 40 })).toEqual(newestFirst.slice(RANKED_MATCHES - 40, RANKED_MATCHES + 15));
    expect(s.ids('routine', { offset: RANKED_MATCHES + 15 })).toEqual([]);
    const mineNewestFirst = [...mine].reverse().map((record) => record.id);
    expect(s.ids('routine', { limit: 3, filters: { clientId: 'client-a' } })).toEqual(mineNewestFirst.slice(0, 3));
    expect(s.ids('routine', { limit: 10, offset: RANKED_MATCHES, filters: { clientId: 'client-a' } })).toEqual(mineNewestFirst.slice(RANKED_MATCHES));
    expect(s.ids('routine', { limit: 20, filters: { clientId: 'client-b' } }).sort()).toEqual(theirs.map((record) => record.id).sort());
    expect(s.ids('routine', { offset: 10, filters: { clientId: 'client-b' } })).toEqual([]);
  });
});

describe('search results', () => {
  it('decrypt only the rows they return', () => {
    const s = fresh();
    s.add(...Array.from({ length: 40 }, (_, i) => note({ plan: `Grounding skill ${i}.` })), note({ plan: 'Unrelated.' }));
    const hits = s.search('grounding', { limit: 7 });
    expect(hits).toHaveLength(7);
    expect(s.loads).toEqual(hits.map((hit) => hit.id));
  });

  it('highlight the matched words, accents and case as written in the note', () => {
    const s = fresh();
    s.add(note({ subjective: 'Before the visit, Tomás said the PANIC eased.' }));
    const [hit] = s.search('tomas panic');
    expect(highlighted(hit)).toEqual(['Tomás', 'PANIC']);
    expect(hit?.snippet.map((part) => part.text).join('')).toBe('Before the visit, Tomás said the PANIC eased.');
  });

  it('leave out a record the caller can no longer load', () => {
    const s = fresh();
    const gone = note({ plan: 'Journaling.' });
    const kept = note({ plan: 'Journaling daily.' });
    s.add(gone, kept);
    s.records.delete(`progressNote:${gone.id}`);
    expect(s.ids('journaling')).toEqual([kept.id]);
  });
});

describe('index updates', () => {
  it('replace a record on upsert and forget it on remove', () => {
    const s = fresh();
    const record = note({ plan: 'Discuss medication.' });
    s.add(record);
    s.add({ ...record, fields: { plan: 'Discuss boundaries.' } });
    expect(s.index.size()).toBe(1);
    expect(s.ids('medication')).toEqual([]);
    expect(s.ids('boundaries')).toEqual([record.id]);
    expect(s.index.remove('progressNote', record.id)).toBe(true);
    expect(s.index.remove('progressNote', record.id)).toBe(false);
    expect(s.ids('boundaries')).toEqual([]);
    expect(s.index.size()).toBe(0);
  });

  it('move a session\'s records to its new date for date filters', () => {
    const s = fresh();
    const moved = note({ plan: 'Rescheduled review.' }, { sessionId: 'moved-session', date: '2024-03-05' });
    const other = note({ plan: 'Another review.' }, { sessionId: 'other-session', date: '2024-03-05' });
    s.add(moved, other);
    s.index.setSessionDate('moved-session', '2024-04-10');
    expect(s.ids('review', { filters: { from: '2024-04-01' } })).toEqual([moved.id]);
    expect(s.ids('review', { filters: { to: '2024-03-31' } })).toEqual([other.id]);
  });

  it('keep records of different kinds with the same id apart', () => {
    const s = fresh();
    s.add(note({ text: 'shared id one' }, { id: 'same', kind: 'session' }), note({ text: 'shared id two' }, { id: 'same' }));
    expect(s.index.size()).toBe(2);
    s.index.remove('session', 'same');
    expect(s.search('shared').map((hit) => hit.kind)).toEqual(['progressNote']);
  });

  it('index every field of a record with more fields than columns', () => {
    const s = fresh();
    const fields = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`field${i}`, `word${i}`]));
    const record = note(fields);
    s.add(record);
    for (let i = 0; i < 12; i += 1) expect(s.ids(`word${i}`)).toEqual([record.id]);
    expect(s.search('word11')[0]?.field).toBe('field11');
  });

  it('refuse a malformed record without indexing any of its batch', () => {
    const s = fresh();
    const good = note({ plan: 'Valid entry.' });
    const bad = { ...note({ plan: 'x' }), id: '' };
    expect(codeOf(() => s.index.upsertMany([good, bad]))).toBe('INVALID_INPUT');
    expect(codeOf(() => s.index.upsert({ ...good, kind: 'poem' as never }))).toBe('INVALID_INPUT');
    expect(codeOf(() => s.index.upsert({ ...good, fields: { plan: 42 as never } }))).toBe('INVALID_INPUT');
    expect(s.index.size()).toBe(0);
  });
});

describe('the psychotherapy index', () => {
  it('holds only psychotherapy notes and marks its results', () => {
    const progress = fresh();
    const psychotherapy = fresh('psychotherapy');
    const process = note({ text: 'Countertransference when she mentioned her father.' }, { kind: 'psychotherapyNote', template: undefined, signed: undefined });
    expect(codeOf(() => progress.index.upsert(process))).toBe('INVALID_INPUT');
    expect(codeOf(() => psychotherapy.index.upsert(note({ plan: 'x' })))).toBe('INVALID_INPUT');
    psychotherapy.add(process);
    expect(progress.search('countertransference')).toEqual([]);
    expect(psychotherapy.search('countertransference')).toMatchObject([{ id: process.id, psychotherapy: true }]);
  });

  it('answers PSYCHOTHERAPY_LOCKED once closed, while the progress index keeps answering', () => {
    const progress = fresh();
    const psychotherapy = fresh('psychotherapy');
    progress.add(note({ plan: 'Homework review.' }));
    psychotherapy.add(note({ text: 'Homework resistance.' }, { kind: 'psychotherapyNote' }));
    psychotherapy.index.close();
    expect(codeOf(() => psychotherapy.search('homework'))).toBe('PSYCHOTHERAPY_LOCKED');
    expect(progress.ids('homework')).toHaveLength(1);
  });
});

describe('close', () => {
  it('frees the database and makes every later call answer LOCKED', () => {
    const index = createSearchIndex('progress');
    index.upsert(note({ plan: 'Before lock.' }));
    expect(index.closed).toBe(false);
    index.close();
    expect(index.closed).toBe(true);
    const load = () => ({ plan: 'Before lock.' });
    expect(codeOf(() => index.query({ text: 'lock' }, load))).toBe('LOCKED');
    expect(codeOf(() => index.query({ text: '' }, load))).toBe('LOCKED');
    expect(codeOf(() => index.upsert(note({ plan: 'After lock.' })))).toBe('LOCKED');
    expect(codeOf(() => index.remove('progressNote', 'x'))).toBe('LOCKED');
    expect(codeOf(() => index.size())).toBe('LOCKED');
    expect(codeOf(() => index.memoryBytes())).toBe('LOCKED');
    expect(() => index.close()).not.toThrow();
  });

  it('reports the memory the index holds', () => {
    const s = fresh();
    const empty = s.index.memoryBytes();
    s.add(...Array.from({ length: 200 }, (_, i) => note({ plan: `Distinct words alpha${i} beta${i} gamma${i}.` })));
    expect(s.index.memoryBytes()).toBeGreaterThan(empty);
  });
});
