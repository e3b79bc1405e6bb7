// Labelled form controls. Text, text area and select share one frame: the
// label, the hint and the error under it, and the ids that tie them to the
// control so a screen reader reads them with it.
import { useId } from 'react';
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

interface FrameProps {
  label: ReactNode;
  /** Help text under the label, read with the control. */
  hint?: ReactNode;
  error?: string | null;
  className?: string;
}

/** What the frame gives its control: the id the label points at and the texts it is described by. */
interface ControlLink {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

function FieldHint({ id, hint }: { id: string; hint?: ReactNode }) {
  return hint ? (
    <p id={id} className="field-hint">
      {hint}
    </p>
  ) : null;
}

function FieldFrame({ label, hint, error, className, control }: FrameProps & { control(link: ControlLink): ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      <FieldHint id={hintId} hint={hint} />
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
      {control({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
    </div>
  );
}

/** Splits a field's props into the frame's and the control's own. */
function splitFrame<Control>({ label, hint, error, className, ...control }: FrameProps & Control): [FrameProps, Control] {
  return [{ label, hint, error, className }, control as Control];
}

export function TextField(props: FrameProps & InputHTMLAttributes<HTMLInputElement>) {
  const [frame, input] = splitFrame(props);
  return <FieldFrame {...frame} control={(link) => <input {...link} {...input} />} />;
}

export function TextAreaField(props: FrameProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const [frame, textarea] = splitFrame(props);
  return <FieldFrame {...frame} control={(link) => <textarea {...link} {...textarea} />} />;
}

export function SelectField(props: FrameProps & SelectHTMLAttributes<HTMLSelectElement>) {
  const [frame, select] = splitFrame(props);
  return <FieldFrame {...frame} control={(link) => <select {...link} {...select} />} />;
}

/** A checkbox stands before its label, and is never in error: it has no frame of its own. */
export function CheckboxField({ label, hint, className, ...input }: Omit<FrameProps, 'error'> & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className={['field-checkbox', className].filter(Boolean).join(' ')}>
      <input id={id} type="checkbox" aria-describedby={hint ? hintId : undefined} {...input} />
      <label htmlFor={id}>{label}</label>
      <FieldHint id={hintId} hint={hint} />
    </div>
  );
}

/** A text control's value and change handler, bound to a piece of state. */
export function bindValue(value: string, setValue: (value: string) => void) {
  return { value, onChange: (event: { target: { value: string } }) => setValue(event.target.value) };
}

interface RadioFieldProps<Value extends string> {
  /** The group's name; the radio's id is `${name}-${value}`. */
  name: string;
  value: NoInfer<Value>;
  /** The group's current choice. */
  chosen: Value;
  onChoose(value: NoInfer<Value>): void;
  label: ReactNode;
  autoFocus?: boolean;
}

/** One choice of a radio group, before its label like a checkbox. */
export function RadioField<Value extends string>({ name, value, chosen, onChoose, label, autoFocus }: RadioFieldProps<Value>) {
  const id = `${name}-${value}`;
  return (
    <div className="field-checkbox">
      <input id={id} type="radio" name={name} autoFocus={autoFocus} checked={chosen === value} onChange={() => onChoose(value)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

/** The options of a select, one a value, each shown with its label. */
export function Options<Value extends string>({ values, label }: { values: readonly Value[]; label(value: Value): ReactNode }) {
  return values.map((value) => (
    <option key={value} value={value}>
      {label(value)}
    </option>
  ));
}

/** A checkbox's state and change handler, bound to a piece of state. */
export function bindChecked(checked: boolean, setChecked: (checked: boolean) => void) {
  return { checked, onChange: (event: { target: { checked: boolean } }) => setChecked(event.target.checked) };
}

/** A text control bound to one key of a record of strings. */
export function bindKey<Values extends Record<Key, string>, Key extends keyof Values>(values: Values, key: Key, onChange: (values: Values) => void) {
  return bindValue(values[key], (value) => onChange({ ...values, [key]: value }));
}

/** A select over a fixed list of values, each shown by its label. */
export function ChoiceField<Value extends string>({
  values,
  labels,
  ...select
}: FrameProps & SelectHTMLAttributes<HTMLSelectElement> & { values: readonly Value[]; labels: Record<Value, ReactNode> }) {
  return (
    <SelectField {...select}>
      <Options values={values} label={(value) => labels[value]} />
    </SelectField>
  );
}
