// The card a screen stands in before the vault is open: first run, lock,
// recovery and restore. The heading takes focus as the screen opens.
import type { ReactNode } from 'react';
import { PageHeading } from './PageHeading';

export function GateScreen({ title, className, children }: { title: ReactNode; className?: string; children: ReactNode }) {
  return (
    <main className="gate">
      <div className={['gate-card', className].filter(Boolean).join(' ')}>
        <p className="app-name">Therapist Vault</p>
        <PageHeading>{title}</PageHeading>
        {children}
      </div>
    </main>
  );
}
