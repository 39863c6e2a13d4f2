import { IonContent } from '@ionic/react';
import { useId, useLayoutEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { FieldErrors } from '../../domain';
import { formatTime } from '../i18n/format';
import { FieldScope, fieldId } from './fields';
import { PageHeader } from './PageHeader';

interface BodyProps {
  errors: FieldErrors;
  onSubmit: () => void;
  saving: boolean;
  submitLabel?: string;
  /** The form's accessible name, when the page shows more than this form. */
  label?: string;
  /** A draft was put back: when it was saved, and how to throw it away. */
  restoredAt?: string | null;
  onDiscard?: () => void;
  /** Shown below the fields, above the save button. */
  footer?: ReactNode;
  children: ReactNode;
}

/**
 * The form every editing screen shares: restored-draft notice, error summary (focus moves to the
 * first field with an error, else to the summary), the fields in one id scope, the save button with
 * its saving state. An error under a key that is no field (`_`) is shown in the summary only.
 */
export function FormBody({ errors, onSubmit, saving, submitLabel, label, restoredAt, onDiscard, footer, children }: BodyProps) {
  const summary = useRef<HTMLDivElement>(null);
  const scope = useId();
  // The fields with an error in the order the form shows them (the validation reports them in the
  // schema's order): the summary reads top to bottom and focus lands on the first one a user sees.
  const [ordered, setOrdered] = useState<string[]>([]);
  const messages = ordered.filter((k) => errors[k]).map((k) => [k, errors[k]!] as const);

  useLayoutEffect(() => {
    const keys = inFormOrder(
      Object.keys(errors).filter((k) => errors[k]),
      (k) => document.getElementById(fieldId(scope, k)),
    );
    setOrdered(keys);
    if (keys.length === 0) return;
    // Move focus to the first field with an error, so keyboard and screen reader users land on it.
    const first = keys.map((k) => document.getElementById(fieldId(scope, k))).find(Boolean);
    (first ?? summary.current)?.focus();
  }, [errors]); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };

  return (
    <form className="record-form" onSubmit={submit} noValidate aria-label={label}>
      {restoredAt && (
        <div className="notice" role="status">
          <p>Je niet-opgeslagen invoer van {formatTime(restoredAt)} is teruggezet.</p>
          <button type="button" className="link-button" onClick={onDiscard}>
            Concept weggooien
          </button>
        </div>
      )}
      <div ref={summary} tabIndex={-1} role="alert" className={messages.length ? 'error-summary' : 'visually-hidden'}>
        {messages.length > 0 && (
          <>
            <p>Controleer {messages.length === 1 ? 'dit veld' : `deze ${messages.length} velden`}:</p>
            <ul>
              {messages.map(([k, m]) => (
                <li key={k}>{m}</li>
              ))}
            </ul>
          </>
        )}
      </div>
      <FieldScope value={scope}>{children}</FieldScope>
      {footer}
      <div className="form-actions">
        <button type="submit" className="primary-button" disabled={saving}>
          {saving ? 'Bezig met opslaan…' : (submitLabel ?? 'Opslaan')}
        </button>
      </div>
    </form>
  );
}

interface Props {
  title: string;
  back: string;
  errors: FieldErrors;
  restoredAt: string | null;
  onDiscard: () => void;
  onSubmit: () => void;
  saving: boolean;
  submitLabel?: string;
  /** Shown above the form: the record's conflicts. */
  top?: ReactNode;
  children: ReactNode;
}

/**
 * The frame of every record form: header and content around the shared form (FormBody).
 * It renders no <IonPage>: the route's page component owns that, outside the form's React key, so a
 * form that is re-created (its record changed by a sync) keeps the page element Ionic showed.
 * A new <IonPage> element on an open route is left invisible by Ionic (`ion-page-invisible`).
 */
export function FormShell({ title, back, top, ...body }: Props) {
  return (
    <>
      <PageHeader title={title} back={back} />
      <IonContent className="ion-padding">
        {top}
        <FormBody {...body} />
      </IonContent>
    </>
  );
}

/**
 * `keys` sorted by where their field is in the document. A key without a field (an error about the
 * whole form, or a value the form shows as text) comes first: it is about everything below it.
 */
export function inFormOrder(keys: string[], fieldOf: (key: string) => Element | null): string[] {
  const at = new Map(keys.map((k) => [k, fieldOf(k)] as const));
  return [...keys].sort((a, b) => {
    const ea = at.get(a);
    const eb = at.get(b);
    if (!ea || !eb) return (ea ? 1 : 0) - (eb ? 1 : 0);
    return ea.compareDocumentPosition(eb) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  });
}
