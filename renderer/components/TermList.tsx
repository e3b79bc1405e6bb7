// Terms and their values as a description list, in the order given.
export type Terms = [term: string, value: string][];

export function TermList({ terms, className }: { terms: Terms; className?: string }) {
  return (
    <dl className={className}>
      {terms.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
