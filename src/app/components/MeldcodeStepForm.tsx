import { useIonToast } from '@ionic/react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { afwegingQuestions, fieldErrors, meldcodeOutcomes, meldcodeStepSchema, meldnorm, type Meldcode } from '../../domain';
import { currentSession, currentUserId } from '../auth/session';
import { db } from '../db/db';
import { saveDraft } from '../db/drafts';
import { updateRecord, ValidationError } from '../db/records';
import { todayIso } from '../i18n/format';
import { meldcodeOutcomeLabels } from '../i18n/nl';
import { belowHeader } from './belowHeader';
import { ChoiceField, FieldScope, TextArea, fieldId } from './fields';
import { ErrorSummary, StepDateWho } from './subform';
import { useDraftForm } from './useDraftForm';

type StepValues = { date: string; who: string; note: string; a0: string; a1: string; a2: string; a3: string; a4: string; outcome: string };
const answerKeys = ['a0', 'a1', 'a2', 'a3', 'a4'] as const;
const stepDraftKey = (id: string, step: number) => `meldcode:${id}:stap${step}`;

/** The form's values: the step's date, who and note, with the trajectory's afweging and outcome. */
function stepValues(meldcode: Meldcode, step: { date: string; who: string; note: string }): StepValues {
  const [a0 = '', a1 = '', a2 = '', a3 = '', a4 = ''] = meldcode.afweging.map((a) => a ?? '');
  return { date: step.date, who: step.who, note: step.note, a0, a1, a2, a3, a4, outcome: meldcode.outcome ?? '' };
}

/**
 * "Stap n wijzigen" on the last step done (a wrong date, a note to add): the step opens again with
 * its values in the form (as a draft), and for step 5 the trajectory is no longer closed. Saving
 * it again is "Stap afronden" as before; until then the step counts as open, as it is.
 */
export async function reopenMeldcodeStep(meldcode: Meldcode, step: number): Promise<void> {
  const done = meldcode[`step${step}` as 'step1'];
  if (!done) return;
  await saveDraft(db, stepDraftKey(meldcode.id, step), stepValues(meldcode, done));
  const patch: Record<string, unknown> = { [`step${step}`]: null };
  if (step === 5) Object.assign(patch, { outcome: null, closedDate: null });
  await updateRecord(db, 'meldcode', meldcode.id, patch, { userId: currentUserId() });
}
const yesNo = [
  ['ja', 'Ja'],
  ['nee', 'Nee'],
] as const;

/**
 * The open step of a trajectory: date, who, note, and for step 4 the afwegingskader, for step 5 the
 * decision. Kept as a draft until "Stap afronden" (step 5: "Traject afsluiten") writes it.
 */
export function MeldcodeStepForm({ meldcode, step }: { meldcode: Meldcode; step: number }) {
  const initial = stepValues(meldcode, { date: todayIso(), who: currentSession()?.user.name ?? '', note: '' });
  const form = useDraftForm(stepDraftKey(meldcode.id, step), initial);
  const { values: v, set, errors, setErrors } = form;
  const [saving, setSaving] = useState(false);
  const [toast] = useIonToast();
  const scope = useId();

  useEffect(() => {
    const first = Object.keys(errors).find((k) => errors[k]);
    if (first) document.getElementById(fieldId(scope, first))?.focus();
  }, [errors, scope]);

  // Step 5: what the afwegingskader of step 4 points to. Not choosing to report where it asks for a
  // report is the professional's call, but it needs a reason on record.
  const norm = step === 5 ? meldnorm(meldcode.afweging) : null;
  const departsFromNorm = norm?.melden === true && (v.outcome === 'hulp' || v.outcome === 'geen_zorgen');

  async function submit(e: FormEvent) {
    e.preventDefault();
    const stepValue = { date: v.date, who: v.who, note: v.note };
    const parsed = meldcodeStepSchema.safeParse(stepValue);
    const errs = parsed.success ? {} : fieldErrors(parsed.error.issues);
    if (step === 4) answerKeys.forEach((k, i) => !v[k] && (errs[k] = `Beantwoord vraag ${i + 1} van het afwegingskader`));
    if (step === 5 && !v.outcome) errs.outcome = 'Kies wat je besluit';
    if (step === 5 && departsFromNorm && !v.note.trim())
      errs.note = 'Je meldt niet, terwijl het afwegingskader dat vraagt: leg in de notitie vast waarom';
    // A step marked done without a word of what was done is no record of it.
    if (!v.note.trim()) errs.note ??= 'Schrijf in de notitie kort wat je in deze stap deed';
    if (Object.keys(errs).length || !parsed.success) {
      setErrors(errs);
      return;
    }
    const patch: Record<string, unknown> = { [`step${step}`]: parsed.data };
    if (step === 4) patch.afweging = answerKeys.map((k) => v[k]);
    if (step === 5) Object.assign(patch, { outcome: v.outcome, closedDate: parsed.data.date });
    setSaving(true);
    // Before the save's transaction: the draft takes the last keystrokes (see useDraftForm saveStarted).
    form.saveStarted();
    try {
      await updateRecord(db, 'meldcode', meldcode.id, patch, { userId: currentUserId(), draftKey: stepDraftKey(meldcode.id, step) });
      form.markSaved();
      void toast({
        message: step === 5 ? 'Meldcode-traject afgesloten' : `Stap ${step} afgerond`,
        duration: 2500,
        position: 'top',
        positionAnchor: belowHeader(),
      });
    } catch (err) {
      form.saveEnded();
      setErrors(err instanceof ValidationError ? err.fields : { _: `Opslaan is niet gelukt: ${String(err)}` });
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="meldcode-step-form" onSubmit={(e) => void submit(e)} noValidate aria-label={`Stap ${step} vastleggen`}>
      <FieldScope value={scope}>
        {form.restoredAt && (
          <p className="notice" role="status">
            Je niet-opgeslagen invoer is teruggezet.
          </p>
        )}
        <ErrorSummary errors={errors} />
        {step === 4 && (
          <fieldset className="subform">
            <legend>Afwegingskader</legend>
            {afwegingQuestions.map((q, i) => (
              <ChoiceField
                key={q}
                name={answerKeys[i]!}
                label={`${i + 1}. ${q}`}
                required
                value={v[answerKeys[i]!]}
                onChange={(x) => set(answerKeys[i]!, x)}
                options={yesNo}
                error={errors[answerKeys[i]!]}
              />
            ))}
          </fieldset>
        )}
        {norm && (
          <p className="notice meldnorm" role="note">
            {norm.melden
              ? `Volgens het afwegingskader is melden bij Veilig Thuis de norm: ${norm.reason}.`
              : `Volgens het afwegingskader: ${norm.reason}.`}
          </p>
        )}
        {step === 5 && (
          <ChoiceField
            name="outcome"
            label="Besluit"
            required
            value={v.outcome}
            onChange={(x) => set('outcome', x)}
            options={meldcodeOutcomes.map((o) => [o, meldcodeOutcomeLabels[o]] as const)}
            error={errors.outcome}
          />
        )}
        <StepDateWho v={v} set={set} errors={errors} />
        <TextArea
          name="note"
          label="Notitie"
          rows={3}
          required
          value={v.note}
          onChange={(x) => set('note', x)}
          error={errors.note}
          hint="Feitelijk: wat heb je gezien, met wie overlegd, wat is afgesproken."
        />
        <button type="submit" className="primary-button block" disabled={saving}>
          {saving ? 'Bezig met opslaan…' : step === 5 ? 'Traject afsluiten' : 'Stap afronden'}
        </button>
      </FieldScope>
    </form>
  );
}
