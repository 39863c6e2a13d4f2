import { IonContent, IonPage, useIonRouter } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { dateInAmsterdam, type Area, type PresenceSlot } from '../../domain';
import { canManageSchools } from '../../domain/permissions';
import { useSession, currentUserId } from '../auth/session';
import { ConflictList } from '../components/ConflictList';
import { DirectoryPresence, parsePresence, presenceProblem, toSlots } from '../components/DirectoryPresence';
import { SelectField, TextArea, TextField } from '../components/fields';
import { FormShell } from '../components/FormShell';
import { Loading, NotFound } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { useDraftForm } from '../components/useDraftForm';
import { useFormTarget } from '../components/useFormTarget';
import { useSave } from '../components/useSave';
import { offerUndo } from '../components/UndoNotice';
import { db } from '../db/db';
import { areaTitle, directoryRoleOrder } from '../db/directory';
import { archiveRecord, checkInput, createRecord, restoreRecord, updateRecord, ValidationError } from '../db/records';
import { contactPersonRoleLabels } from '../i18n/nl';

type PersonValues = {
  schoolId: string;
  role: string;
  name: string;
  organisation: string;
  phone: string;
  email: string;
  /** The presence slots as JSON: a draft keeps strings only. */
  presence: string;
  notes: string;
};

export default function ContactPersonFormPage() {
  const session = useSession();
  const target = useFormTarget('contactPerson');
  if (!session || !canManageSchools(session.user)) {
    return (
      <IonPage>
        <PageHeader title="Contactpersoon" back="/contactpersonen" />
        <IonContent className="ion-padding">
          <p>Alleen de coördinator kan vaste contactpersonen toevoegen of wijzigen.</p>
        </IonContent>
      </IonPage>
    );
  }
  if (target.loading) return <Loading />;
  if (target.notFound) return <NotFound what="Contactpersoon" />;
  const r = target.record;
  const initial: PersonValues = {
    schoolId: r?.schoolId ?? (session.user.schools.length === 1 ? (session.user.schools[0]?.id ?? '') : ''),
    role: r?.role ?? '',
    name: r?.name ?? '',
    organisation: r?.organisation ?? '',
    phone: r?.phone ?? '',
    email: r?.email ?? '',
    presence: JSON.stringify(r?.presence ?? []),
    notes: r?.notes ?? '',
  };
  return (
    <IonPage>
      <PersonForm
        key={`${target.draftKey}:${r?.version ?? ''}`}
        draftKey={target.draftKey}
        id={target.id}
        initial={initial}
        deleted={r?.deleted ?? false}
        areas={session.user.areas ?? []}
      />
    </IonPage>
  );
}

function PersonForm({
  draftKey,
  id,
  initial,
  deleted,
  areas,
}: {
  draftKey: string;
  id: string | undefined;
  initial: PersonValues;
  deleted: boolean;
  areas: readonly Area[];
}) {
  const form = useDraftForm(draftKey, initial);
  const { values: v, set, errors } = form;
  const schools = useLiveQuery(() => db.schools.orderBy('name').toArray(), [], []);
  const { saving, save: run } = useSave(form);
  const router = useIonRouter();
  const slots = parsePresence(v.presence);

  function save() {
    return run(async () => {
      const presence: PresenceSlot[] = toSlots(slots);
      const problem = presenceProblem(slots);
      // Saving the form is checking the entry: the 6-month flag starts again.
      const input = {
        role: v.role || undefined,
        name: v.name,
        organisation: v.organisation,
        phone: v.phone,
        email: v.email,
        presence,
        notes: v.notes,
        checkedOn: dateInAmsterdam(new Date()),
      };
      const ctx = { userId: currentUserId(), schoolId: v.schoolId, draftKey };
      if (problem) {
        // Time order is the form's own check (the schema checks each time alone): shown with the rest.
        throw new ValidationError({
          ...(v.schoolId ? {} : { schoolId: 'Kies een school' }),
          ...checkInput('contactPerson', input),
          presence: problem,
        });
      }
      const saved = id ? await updateRecord(db, 'contactPerson', id, input, ctx) : await createRecord(db, 'contactPerson', input, ctx);
      return { message: id ? `${saved.name} bijgewerkt` : `${saved.name} toegevoegd`, to: '/contactpersonen' };
    });
  }

  async function remove() {
    if (!id) return;
    const user = { userId: currentUserId() };
    // As a save: no draft written after this point, and the archive removes the form's draft.
    form.saveStarted();
    try {
      await archiveRecord(db, 'contactPerson', id, { ...user, draftKey });
    } catch (e) {
      form.saveEnded();
      throw e;
    }
    form.markSaved();
    offerUndo({
      message: `${v.name || 'Contactpersoon'} verwijderd`,
      path: '/contactpersonen',
      undo: () => restoreRecord(db, 'contactPerson', id, user),
    });
    router.push('/contactpersonen', 'back', 'replace');
  }

  return (
    <FormShell
      title={id ? 'Contactpersoon wijzigen' : 'Nieuwe contactpersoon'}
      back="/contactpersonen"
      errors={errors}
      restoredAt={form.restoredAt}
      onDiscard={() => void form.discard()}
      onSubmit={() => void save()}
      saving={saving}
      top={id && <ConflictList entity="contactPerson" recordId={id} />}
    >
      {deleted && <p className="notice">Deze contactpersoon is verwijderd. Opslaan zet hem niet terug; gebruik daarvoor Ongedaan maken.</p>}
      <div className="directory-form">
        <SelectField
          name="schoolId"
          label="School, gemeente of regio"
          required
          value={v.schoolId}
          onChange={(x) => set('schoolId', x)}
          options={[
            ...schools.map((s) => [s.id, `${s.name} (${s.place})`] as const),
            ...areas.map(
              (a) => [a.id, a.kind === 'gemeente' ? `${areaTitle(a)} (alle scholen daar)` : `${areaTitle(a)} (hele regio)`] as const,
            ),
          ]}
          placeholder="Kies een school, gemeente of de regio"
          error={errors.schoolId}
        />
        <SelectField
          name="role"
          label="Rol"
          required
          value={v.role}
          onChange={(x) => set('role', x)}
          options={directoryRoleOrder.map((r) => [r, contactPersonRoleLabels[r]] as const)}
          placeholder="Kies een rol"
          error={errors.role}
        />
        <TextField
          name="name"
          label="Naam"
          required
          value={v.name}
          onChange={(x) => set('name', x)}
          error={errors.name}
          autoComplete="off"
        />
        <TextField
          name="organisation"
          label="Organisatie"
          value={v.organisation}
          onChange={(x) => set('organisation', x)}
          error={errors.organisation}
          hint="Bijvoorbeeld: Sociaal Team Huizen"
        />
        <TextField
          name="phone"
          label="Telefoon"
          type="tel"
          inputMode="tel"
          value={v.phone}
          onChange={(x) => set('phone', x)}
          error={errors.phone}
          hint="Telefoon of e-mail is nodig"
        />
        <TextField
          name="email"
          label="E-mail"
          type="email"
          inputMode="email"
          value={v.email}
          onChange={(x) => set('email', x)}
          error={errors.email}
        />
        <div className="directory-form-wide">
          <DirectoryPresence slots={slots} onChange={(next) => set('presence', JSON.stringify(next))} error={errors.presence} />
        </div>
        <div className="directory-form-wide">
          <TextArea
            name="notes"
            label="Notities"
            rows={3}
            value={v.notes}
            onChange={(x) => set('notes', x)}
            error={errors.notes}
            hint="Bijvoorbeeld: bereikbaar via de administratie, of alleen in de even weken"
          />
        </div>
      </div>
      {id && !deleted && (
        <button type="button" className="secondary-button danger-button" onClick={() => void remove()}>
          Verwijderen<span className="visually-hidden"> {v.name}</span>
        </button>
      )}
    </FormShell>
  );
}
