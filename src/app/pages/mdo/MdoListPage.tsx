import { IonContent, IonPage } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { dateInAmsterdam, type MdoParticipant } from '../../../domain';
import { mdoSeatOf } from '../../../domain/permissions';
import { useSession } from '../../auth/session';
import { NoticeList } from '../../components/NoticeList';
import { PageHeader } from '../../components/PageHeader';
import { SelectField, TextField } from '../../components/fields';
import { db } from '../../db/db';
import { directoryPeople, entriesForSchool } from '../../db/directory';
import { meetingsOfSchools, mdoStatusLabels, participantRoleLabels } from '../../db/mdo';
import { createRecord, ValidationError } from '../../db/records';
import { formatDay } from '../../i18n/format';
import { contactPersonRoleLabels } from '../../i18n/nl';
import { currentUserId } from '../../auth/session';
import { participantFromDirectory } from './participants';
import './Mdo.css';

/** /mdo — the MDO's (ZAT) of the user's schools: the coming ones first, then the ones held. */
export default function MdoListPage() {
  const session = useSession();
  const schools = session?.user.schools ?? [];
  const schoolIds = schools.map((s) => s.id).join(',');
  const meetings = useLiveQuery(() => meetingsOfSchools(db, schoolIds ? schoolIds.split(',') : []), [schoolIds]);
  const [adding, setAdding] = useState(false);
  const today = dateInAmsterdam(new Date());
  const schoolName = new Map(schools.map((s) => [s.id, s.name]));
  const coming = (meetings ?? []).filter((m) => m.date >= today).reverse();
  const past = (meetings ?? []).filter((m) => m.date < today);

  // The IB'er has an MDO tab; the jeugdprofessional comes here from Vandaag or a pupil (TabsApp).
  const jp = !!session && mdoSeatOf(session.user.role) === 'jeugdprofessional';

  return (
    <IonPage>
      <PageHeader title="MDO" back={jp ? '/vandaag' : undefined} />
      <IonContent className="ion-padding">
        {!jp && <NoticeList kinds={['schoolAgreement']} />}
        {adding ? (
          <NewMeeting onDone={() => setAdding(false)} />
        ) : (
          <button type="button" className="primary-button block" onClick={() => setAdding(true)}>
            + Nieuw overleg plannen
          </button>
        )}
        {meetings === undefined ? (
          <p role="status">Laden…</p>
        ) : meetings.length === 0 ? (
          <div className="empty-state">
            <h2>Nog geen overleg</h2>
            <p>
              Plan hier het multidisciplinair overleg (MDO of ZAT) van school. Daarna zetten jullie leerlingen of anonieme casussen op de
              agenda.
            </p>
          </div>
        ) : (
          <>
            <h2>Komend overleg</h2>
            {coming.length === 0 ? (
              <p className="empty">Geen overleg gepland.</p>
            ) : (
              <MeetingList meetings={coming} schoolName={schoolName} label="Komend overleg" />
            )}
            <h2>Eerder overleg</h2>
            {past.length === 0 ? (
              <p className="empty">Nog geen overleg gehouden.</p>
            ) : (
              <MeetingList meetings={past} schoolName={schoolName} label="Eerder overleg" />
            )}
          </>
        )}
      </IonContent>
    </IonPage>
  );
}

function MeetingList({
  meetings,
  schoolName,
  label,
}: {
  meetings: { id: string; date: string; time: string; status: keyof typeof mdoStatusLabels; schoolId: string }[];
  schoolName: Map<string, string>;
  label: string;
}) {
  return (
    <ul className="record-list mdo-meetings" aria-label={label}>
      {meetings.map((m) => (
        <li key={m.id}>
          <Link to={`/mdo/${m.id}`} className="record-item">
            <strong>
              {formatDay(m.date)} om {m.time}
            </strong>
            <span>
              {schoolName.get(m.schoolId) ?? 'School'} · {mdoStatusLabels[m.status]}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

function NewMeeting({ onDone }: { onDone: () => void }) {
  const session = useSession();
  const navigate = useNavigate();
  const schools = session?.user.schools ?? [];
  const [schoolId, setSchoolId] = useState(schools.length === 1 ? schools[0]!.id : '');
  const [date, setDate] = useState('');
  const [time, setTime] = useState('13:30');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const school = schools.find((s) => s.id === schoolId);
  const people = useLiveQuery(
    async () => (school ? entriesForSchool(await directoryPeople(db), school, session?.user.areas ?? []) : []),
    [schoolId],
    [],
  );

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!session) return;
    const me: MdoParticipant = {
      role: mdoSeatOf(session.user.role),
      name: session.user.name,
      organisation: '',
      userId: session.user.id,
      contactPersonId: null,
    };
    const others = people
      .filter((p) => picked.has(p.id))
      .map(participantFromDirectory)
      .filter((p) => p.name !== me.name);
    try {
      const m = await createRecord(
        db,
        'mdoMeeting',
        { date, time, participants: [me, ...others], status: 'gepland' },
        { userId: currentUserId(), schoolId },
      );
      onDone();
      navigate(`/mdo/${m.id}`);
    } catch (err) {
      if (err instanceof ValidationError) setErrors(err.fields);
      else throw err;
    }
  }

  return (
    <form className="mdo-new" onSubmit={(e) => void submit(e)} noValidate>
      <h2>Nieuw overleg</h2>
      <SelectField
        name="schoolId"
        label="School"
        required
        value={schoolId}
        onChange={setSchoolId}
        options={schools.map((s) => [s.id, s.name] as const)}
        placeholder="Kies een school"
        error={errors.schoolId}
      />
      <TextField name="date" label="Datum" type="date" required value={date} onChange={setDate} error={errors.date} />
      <TextField name="time" label="Tijd" type="time" required value={time} onChange={setTime} error={errors.time} />
      <fieldset className="field">
        <legend>Wie schuiven aan? (uit de contactpersonen van school)</legend>
        {!school ? (
          <p className="field-hint">Kies eerst de school.</p>
        ) : people.length === 0 ? (
          <p className="field-hint">Nog geen contactpersonen bij deze school.</p>
        ) : (
          <ul className="mdo-pick">
            {people.map((p) => (
              <li key={p.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={picked.has(p.id)}
                    onChange={(e) =>
                      setPicked((s) => {
                        const n = new Set(s);
                        if (e.target.checked) n.add(p.id);
                        else n.delete(p.id);
                        return n;
                      })
                    }
                  />{' '}
                  {p.name} ({contactPersonRoleLabels[p.role]}
                  {p.organisation ? `, ${p.organisation}` : ''})
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <p className="field-hint">
        Jij staat er zelf al op als {participantRoleLabels[mdoSeatOf(session?.user.role ?? 'jeugdprofessional')]}.
      </p>
      <div className="form-actions">
        <button type="submit" className="primary-button">
          Overleg opslaan
        </button>
        <button type="button" className="secondary-button" onClick={onDone}>
          Annuleren
        </button>
      </div>
    </form>
  );
}
