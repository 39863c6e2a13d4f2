import { IonContent, IonPage } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { fieldErrors, familyInputSchema, type Family, type FamilyMember, type FieldErrors } from '../../domain';
import { db } from '../db/db';
import { memberAt, updateFamily } from '../db/families';
import { ConflictList } from '../components/ConflictList';
import { FamilyMemberLine } from '../components/FamilySection';
import { FamilyOtherSchool } from '../components/FamilyOtherSchool';
import { fieldBinder, TextArea, TextField } from '../components/fields';
import { LinkPicker } from '../components/LinkPicker';
import { Loading, NotFoundText } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { pupilLabel } from '../i18n/format';
import { familyText } from '../i18n/nl';
import { currentUserId } from '../auth/session';

type PlanValues = { goalSchool: string; goalHome: string; goalLeisure: string; regie: string; reviewDate: string };
const planOf = (f: Family): PlanValues => ({
  goalSchool: f.goalSchool,
  goalHome: f.goalHome,
  goalLeisure: f.goalLeisure,
  regie: f.regie,
  reviewDate: f.reviewDate ?? '',
});

/** The family: its children as this user may see them, linking a sibling, and the one short plan. */
export default function FamilyPage() {
  const { id = '' } = useParams();
  const family = useLiveQuery(async () => (await db.families.get(id)) ?? null, [id]);
  const memberIds = family ? family.members.flatMap((m) => (m.pupilId ? [m.pupilId] : [])) : [];
  const known = useLiveQuery(
    async () => new Map((await db.pupils.bulkGet(memberIds)).flatMap((p) => (p && !p.deleted ? [[p.id, p] as const] : []))),
    [memberIds.join()],
  );
  const schools = useLiveQuery(() => db.schools.orderBy('name').toArray(), []);
  const mySchools = new Set((schools ?? []).map((s) => s.id));
  const myPupils = useLiveQuery(
    async () => (await db.pupils.toArray()).filter((p) => !p.deleted).sort((a, b) => a.initials.localeCompare(b.initials, 'nl')),
    [],
  );

  const [plan, setPlan] = useState<PlanValues | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState('');
  // The form starts from the stored plan once it is read; a save or another device's change after
  // that does not overwrite what is being typed.
  useEffect(() => {
    if (family && plan === null) setPlan(planOf(family));
  }, [family, plan]);

  if (!family || !plan) {
    return (
      <IonPage>
        <PageHeader title={familyText.pageTitle} back="/leerlingen" />
        <IonContent className="ion-padding">{family === null ? <NotFoundText /> : <Loading />}</IonContent>
      </IonPage>
    );
  }

  const userId = currentUserId();
  const inFamily = new Set(memberIds);
  const firstOwn = family.members.find((m) => m.pupilId && known?.has(m.pupilId));
  const setMembers = (members: FamilyMember[]) => updateFamily(db, family.id, { members }, userId);

  async function addOwn(pupilId: string) {
    const pupil = myPupils?.find((p) => p.id === pupilId);
    if (!pupil || !family) return;
    await setMembers([...family.members, await memberAt(db, pupil.schoolId, pupil.id)]);
    setStatus(`${pupil.initials} toegevoegd aan het gezin`);
  }

  async function link(index: number, pupilId: string) {
    if (!family) return;
    const entry = family.members[index];
    if (!entry) return;
    const linked = await memberAt(db, entry.schoolId, pupilId);
    await setMembers(family.members.map((m, i) => (i === index ? linked : m)));
    setStatus('Leerling gekoppeld');
  }

  async function savePlan() {
    if (!plan || !family) return;
    const values = { members: family.members, ...plan, reviewDate: plan.reviewDate || null };
    const parsed = familyInputSchema.safeParse(values);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      setStatus('');
      return;
    }
    setErrors({});
    const { members: _members, ...patch } = parsed.data;
    await updateFamily(db, family.id, patch, userId);
    setStatus(familyText.saved);
  }

  const set = (name: keyof PlanValues) => (v: string) => setPlan({ ...plan, [name]: v });
  const field = fieldBinder(plan, set, errors);

  return (
    <IonPage>
      <PageHeader title={familyText.pageTitle} back={firstOwn ? `/leerlingen/${firstOwn.pupilId}` : '/vandaag'} />
      <IonContent className="ion-padding">
        <ConflictList entity="family" recordId={family.id} />
        <p role="status" className="form-status">
          {status}
        </p>
        <section aria-labelledby="family-children-title">
          <h2 id="family-children-title">{familyText.children}</h2>
          {known === undefined ? (
            <p role="status">Laden…</p>
          ) : (
            <ul className="record-list" aria-label={familyText.children}>
              {family.members.map((m, i) =>
                m.pupilId === null && mySchools.has(m.schoolId) ? (
                  <li key={`${m.schoolId}-${i}`} className="record-item">
                    <p className="record-title">{familyText.toLink(m.schoolName)}</p>
                    <LinkPicker
                      label={familyText.linkField(m.schoolName)}
                      name={`link-${i}`}
                      options={(myPupils ?? [])
                        .filter((p) => p.schoolId === m.schoolId && !inFamily.has(p.id))
                        .map((p) => [p.id, pupilLabel(p)] as const)}
                      button={familyText.linkButton}
                      onPick={(pupilId) => link(i, pupilId)}
                    />
                  </li>
                ) : (
                  <FamilyMemberLine
                    key={m.pupilId ?? `${m.schoolId}-${i}`}
                    member={m}
                    pupil={m.pupilId ? known.get(m.pupilId) : undefined}
                    mySchool={mySchools.has(m.schoolId)}
                    familyId={family.id}
                    sibling={false}
                  />
                ),
              )}
            </ul>
          )}
          <h3>{familyText.addOwn}</h3>
          <LinkPicker
            label={familyText.addOwnField}
            name="add-own"
            options={(myPupils ?? [])
              .filter((p) => !inFamily.has(p.id))
              .map((p) => [p.id, `${pupilLabel(p)} · ${schools?.find((s) => s.id === p.schoolId)?.name ?? ''}`] as const)}
            button={familyText.addOwnButton}
            onPick={addOwn}
          />
          <FamilyOtherSchool
            exclude={new Set([...mySchools, ...family.members.filter((m) => m.pupilId === null).map((m) => m.schoolId)])}
            onAdd={async (member) => {
              await setMembers([...family.members, member]);
              setStatus(`Broer/zus op ${member.schoolName} vastgelegd`);
            }}
          />
        </section>

        <section aria-labelledby="family-plan-title">
          <h2 id="family-plan-title">{familyText.plan}</h2>
          <p className="field-hint">{familyText.planHint}</p>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void savePlan();
            }}
            noValidate
          >
            <TextArea {...field('goalSchool')} label={familyText.goalSchool} rows={3} />
            <TextArea {...field('goalHome')} label={familyText.goalHome} rows={3} />
            <TextArea {...field('goalLeisure')} label={familyText.goalLeisure} rows={3} />
            <TextField {...field('regie')} label={familyText.regieField} hint={familyText.regieHint} />
            <TextField {...field('reviewDate')} type="date" label={familyText.reviewField} hint={familyText.reviewHint} />
            <button type="submit" className="primary-button">
              {familyText.save}
            </button>
          </form>
        </section>
      </IonContent>
    </IonPage>
  );
}
