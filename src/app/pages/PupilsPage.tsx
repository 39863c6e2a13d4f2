import { IonContent, IonPage } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { dateInAmsterdam, type Pupil } from '../../domain';
import { AbsenceChip } from '../components/AbsenceSummary';
import { db } from '../db/db';
import { countListedPupils, matchPupils, recentPupils } from '../db/queries';
import { SelectField, TextField } from '../components/fields';
import { PageHeader } from '../components/PageHeader';
import { usePupilsInMemory } from '../pupilsInMemory';

/**
 * Up to this many pupils the list is every pupil by initials, as it always was. A larger caseload
 * (issue 7) lists the most recently changed ones through an index, so opening the tab decrypts only
 * what is shown; searching goes through the in-memory pupils (pupilsInMemory.ts) either way.
 */
export const LARGE_CASELOAD = 1000;
/** Rows shown at first and added per "Toon meer": by initials (small caseload, search) or by recency. */
const PAGE_BY_NAME = 300;
const PAGE_BY_RECENCY = 50;

export default function PupilsPage() {
  const [query, setQuery] = useState('');
  const [schoolId, setSchoolId] = useState('');
  const [shown, setShown] = useState<{ key: string; n: number } | null>(null);
  const schools = useLiveQuery(() => db.schools.orderBy('name').toArray(), [], []);
  const school = schoolId || undefined;
  const total = useLiveQuery(() => countListedPupils(db, school), [school]);
  const byRecency = total !== undefined && total > LARGE_CASELOAD && !query.trim();
  const page = byRecency ? PAGE_BY_RECENCY : PAGE_BY_NAME;
  // "Toon meer" counts for the list it was pressed on; another query or school starts at one page.
  const listKey = `${byRecency}|${query}|${schoolId}`;
  const limit = shown?.key === listKey ? shown.n : page;
  const recent = useLiveQuery(() => (byRecency ? recentPupils(db, limit, school) : undefined), [byRecency, limit, school]);
  const inMemory = usePupilsInMemory(db, total !== undefined && !byRecency);
  const matches = useMemo(() => (inMemory && !byRecency ? matchPupils(inMemory.values(), query, school) : undefined), [inMemory, byRecency, query, school]);
  const pupils: Pupil[] | undefined = byRecency ? recent : matches?.slice(0, limit);
  const count = byRecency ? total : matches?.length;
  const schoolName = new Map(schools.map((s) => [s.id, s.name]));
  const today = dateInAmsterdam(new Date());

  return (
    <IonPage>
      <PageHeader title="Leerlingen" />
      <IonContent className="ion-padding">
        <div className="filters" role="search">
          <TextField name="zoek" label="Zoek op initialen of groep" type="search" required value={query} onChange={setQuery} />
          <SelectField name="school" label="School" required value={schoolId} onChange={setSchoolId} options={schools.map((s) => [s.id, s.name] as const)} placeholder="Alle scholen" />
        </div>
        <Link className="primary-button block" to="/leerlingen/nieuw">
          + Leerling toevoegen
        </Link>
        {pupils === undefined || count === undefined ? (
          <p role="status">Laden…</p>
        ) : count === 0 ? (
          <p className="empty" role="status">
            {query || schoolId ? 'Geen leerlingen gevonden met deze zoekopdracht.' : 'Nog geen leerlingen op dit toestel. Voeg er een toe, of leg een signaal vast.'}
          </p>
        ) : (
          <>
            <p className="result-count" role="status">
              {count === 1 ? '1 leerling' : `${count} leerlingen`}
            </p>
            {byRecency && <p>De {pupils.length} laatst gewijzigde eerst. Zoek op initialen of groep om een leerling te vinden.</p>}
            <ul className="pupil-list">
              {pupils.map((p) => (
                <li key={p.id}>
                  <Link to={`/leerlingen/${p.id}`} className="pupil-link">
                    <span className="pupil-initials">
                      {p.initials} <AbsenceChip pupil={p} today={today} />
                    </span>
                    <span className="pupil-meta">
                      {p.group} · {schoolName.get(p.schoolId) ?? 'Onbekende school'} · {p.birthYear}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
            {count > pupils.length && (
              <button type="button" className="secondary-button" onClick={() => setShown({ key: listKey, n: limit + page })}>
                Toon meer<span className="visually-hidden"> leerlingen</span> ({count - pupils.length} over)
              </button>
            )}
          </>
        )}
      </IonContent>
    </IonPage>
  );
}
