import { useId } from 'react';
import type { ReactNode } from 'react';

/**
 * The frame every view of psychotherapy notes stands in: marked apart from the
 * clinical record, with a line saying what the notes are and where they go.
 */
export function PsychotherapySection({ intro, children }: { intro: ReactNode; children: ReactNode }) {
  const headingId = useId();
  return (
    <section className="section psychotherapy" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <span className="psychotherapy-mark" aria-hidden="true">
          ◆
        </span>{' '}
        Psychotherapy notes
      </h2>
      <p className="psychotherapy-note-intro">{intro}</p>
      {children}
    </section>
  );
}
