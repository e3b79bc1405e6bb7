import { useId } from 'react';
import { estimateStrength } from './passphraseStrength';

export function StrengthMeter({ passphrase }: { passphrase: string }) {
  const id = useId();
  const strength = estimateStrength(passphrase);
  return (
    <div className="strength">
      <label htmlFor={id} className="strength-label">
        Strength: <span className={`strength-text strength-${strength.score}`}>{passphrase ? strength.label : '—'}</span>
      </label>
      <meter id={id} className="strength-meter" min={0} max={4} low={2} high={3} optimum={4} value={strength.score} />
      {passphrase ? <p className="field-hint">{strength.advice}</p> : null}
    </div>
  );
}
