// An ARIA 1.2 combobox over the shipped ICD-10-CM catalog (billable codes only):
// type a code or words, move through the matches with the arrow keys, Enter
// picks. Matching ignores case, accents and the dot in codes (icd10Search.ts).
import { useId, useMemo, useState } from 'react';
import type { KeyboardEvent } from 'react';
import catalogData from '../../../shared/clinical/icd10cm.json';
import type { Icd10Catalog, Icd10Code } from '../../../shared/clinical/icd10Search';
import { searchIcd10 } from '../../../shared/clinical/icd10Search';

const catalog: Icd10Catalog = catalogData;

interface DiagnosisPickerProps {
  picked: Icd10Code | null;
  onPick(code: Icd10Code | null): void;
  error?: string | null;
}

export function DiagnosisPicker({ picked, onPick, error }: DiagnosisPickerProps) {
  const id = useId();
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const statusId = `${id}-status`;
  const [query, setQuery] = useState(picked ? `${picked.code} ${picked.description}` : '');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const matches = useMemo(() => (picked ? [] : searchIcd10(catalog.codes, query)), [picked, query]);
  const expanded = open && matches.length > 0;
  const optionId = (index: number) => `${id}-option-${index}`;

  const choose = (entry: Icd10Code) => {
    onPick(entry);
    setQuery(`${entry.code} ${entry.description}`);
    setOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((index) => (expanded ? Math.min(index + 1, matches.length - 1) : 0));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter' && expanded) {
      event.preventDefault();
      const entry = matches[active];
      if (entry) choose(entry);
    } else if (event.key === 'Escape' && expanded) {
      event.preventDefault();
      setOpen(false);
    }
  };

  const describedBy = [hintId, statusId, error ? errorId : ''].filter(Boolean).join(' ');
  const status = picked
    ? `Picked ${picked.code}`
    : query.trim() === ''
      ? ''
      : matches.length === 0
        ? 'No billable code matches'
        : `${matches.length}${matches.length === 20 ? ' or more' : ''} matches`;

  return (
    <div className="field combobox">
      <label htmlFor={id}>Diagnosis (ICD-10-CM)</label>
      <p id={hintId} className="field-hint">
        Type a code (F41.1) or words (generalized anxiety). Billable codes only.
      </p>
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded ? optionId(active) : undefined}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          if (picked) onPick(null);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      <p id={statusId} className="visually-hidden" aria-live="polite">
        {status}
      </p>
      <ul id={listId} role="listbox" aria-label="Matching diagnoses" className="combobox-list" hidden={!expanded}>
        {matches.map((entry, index) => (
          <li
            key={entry.code}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'combobox-option combobox-option-active' : 'combobox-option'}
            ref={index === active ? (element) => element?.scrollIntoView({ block: 'nearest' }) : undefined}
            onMouseDown={(event) => {
              event.preventDefault();
              choose(entry);
            }}
            onMouseMove={() => setActive(index)}
          >
            <span className="combobox-code">{entry.code}</span> {entry.description}
          </li>
        ))}
      </ul>
    </div>
  );
}
