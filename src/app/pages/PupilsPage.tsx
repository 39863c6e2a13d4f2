import { IonContent, IonPage } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { dateInAmsterdam } from '../../domain';
import { AbsenceChip } from '../components/AbsenceSummary';
import { db } from '../db/db';
import { searchPupils } from '../db/queries';
import { SelectField, TextField } from '../components/fields';
import { PageHeader } from '../components/PageHeader';

export default function PupilsPage() {
  const [query, setQuery] = useState('');
  const [schoolId, setSchoolId] = useState('');
  const schools = useLiveQuery(() => db.schools.orderBy('name').toArray(), [], []);
  const pupils = useLiveQuery(() => searchPupils(db, query, schoolId || undefined), [query, schoolId]);
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
        {pupils === undefined ? (
          <p role="status">Laden…</p>
        ) : pupils.length === 0 ? (
          <p className="empty" role="status">
            {query || schoolId ? 'Geen leerlingen gevonden met deze zoekopdracht.' : 'Nog geen leerlingen op dit toestel. Voeg er een toe, of leg een signaal vast.'}
          </p>
        ) : (
          <>
            <p className="result-count" role="status">
              {pupils.length === 1 ? '1 leerling' : `${pupils.length} leerlingen`}
            </p>
            <ul className="pupil-list">
              {pupils.slice(0, 300).map((p) => (
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
          </>
        )}
      </IonContent>
    </IonPage>
  );
}
