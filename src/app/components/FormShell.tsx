import { IonContent } from '@ionic/react';
import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import type { FieldErrors } from '../../domain';
import { formatTime } from '../i18n/format';
import { FieldScope, fieldId } from './fields';
import { PageHeader } from './PageHeader';

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
 * The frame of every record form: header, restored-draft notice, error summary, save button.
 * It renders no <IonPage>: the route's page component owns that, outside the form's React key, so a
 * form that is re-created (its record changed by a sync) keeps the page element Ionic showed.
 * A new <IonPage> element on an open route is left invisible by Ionic (`ion-page-invisible`).
 */
export function FormShell({ title, back, errors, restoredAt, onDiscard, onSubmit, saving, submitLabel, top, children }: Props) {
  const summary = useRef<HTMLDivElement>(null);
  const scope = useId();
  const messages = Object.values(errors).filter(Boolean);

  useEffect(() => {
    if (messages.length === 0) return;
    // Move focus to the first field with an error, so keyboard and screen reader users land on it.
    const first = Object.keys(errors).find((k) => errors[k]);
    const el = first ? document.getElementById(fieldId(scope, first)) : null;
    (el ?? summary.current)?.focus();
  }, [errors]); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };

  return (
    <>
      <PageHeader title={title} back={back} />
      <IonContent className="ion-padding">
        {top}
        <form className="record-form" onSubmit={submit} noValidate>
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
                  {messages.map((m) => (
                    <li key={m}>{m}</li>
                  ))}
                </ul>
              </>
            )}
          </div>
          <FieldScope value={scope}>{children}</FieldScope>
          <div className="form-actions">
            <button type="submit" className="primary-button" disabled={saving}>
              {saving ? 'Bezig met opslaan…' : (submitLabel ?? 'Opslaan')}
            </button>
          </div>
        </form>
      </IonContent>
    </>
  );
}
