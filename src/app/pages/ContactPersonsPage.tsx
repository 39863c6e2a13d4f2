import { IonContent, IonPage } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { dateInAmsterdam, weekday } from '../../domain';
import { canManageSchools } from '../../domain/permissions';
import { useSession } from '../auth/session';
import { DirectoryPerson } from '../components/DirectoryPerson';
import { SelectField, TextField } from '../components/fields';
import { PageHeader } from '../components/PageHeader';
import { db } from '../db/db';
import { directoryPeople, groupDirectory, presentToday, searchDirectory } from '../db/directory';
import { contactPersonRoleLabels, weekdayLabels } from '../i18n/nl';

/**
 * De vaste contactpersonen of the user's schools, for every role. All from the device, so it works
 * offline; only the coordinator sees add and edit (the server refuses anyone else's writes).
 */
export default function ContactPersonsPage() {
  const session = useSession();
  const canEdit = !!session && canManageSchools(session.user);
  const [query, setQuery] = useState('');
  const [schoolId, setSchoolId] = useState('');
  const [onlyToday, setOnlyToday] = useState(false);
  const schools = useLiveQuery(() => db.schools.orderBy('name').toArray(), [], []);
  const people = useLiveQuery(() => directoryPeople(db), []);
  const today = weekday(dateInAmsterdam(new Date()));

  let shown = people ?? [];
  if (schoolId) shown = shown.filter((p) => p.schoolId === schoolId);
  if (onlyToday) shown = presentToday(shown, today);
  shown = searchDirectory(shown, schools, query);
  const sections = groupDirectory(shown, schools);
  const filtered = query.trim() !== '' || schoolId !== '' || onlyToday;

  return (
    <IonPage>
      <PageHeader title="Contactpersonen" />
      <IonContent className="ion-padding">
        <div className="directory">
          {canEdit && (
            <Link className="primary-button block" to="/contactpersonen/nieuw">
              + Contactpersoon toevoegen
            </Link>
          )}
          <div className="filters" role="search" aria-label="Contactpersonen zoeken">
            <TextField name="zoek" label="Zoek op naam, organisatie, rol of school" type="search" required value={query} onChange={setQuery} />
            {schools.length > 1 && (
              <SelectField name="school" label="School" required value={schoolId} onChange={setSchoolId} options={schools.map((s) => [s.id, s.name] as const)} placeholder="Alle scholen" />
            )}
            <label className="toggle directory-today-toggle">
              <input type="checkbox" checked={onlyToday} onChange={(e) => setOnlyToday(e.target.checked)} /> Alleen wie vandaag op school is ({weekdayLabels[today]})
            </label>
          </div>
          {people === undefined ? (
            <p role="status">Laden…</p>
          ) : people.length === 0 ? (
            <div className="empty-state" role="status">
              <h2>Nog geen contactpersonen</h2>
              {canEdit ? (
                <p>Voeg per school de vaste contactpersonen toe: jeugdprofessional, leerplichtambtenaar, JGZ, SWV, wijkteam, schoolmaatschappelijk werk en Veilig Thuis.</p>
              ) : (
                <p>
                  De coördinator vult de vaste contactpersonen per school in. Na synchronisatie staan ze hier, ook als je geen verbinding
                  hebt.
                </p>
              )}
            </div>
          ) : (
            <>
              <p className="result-count" role="status">
                {shown.length === 0
                  ? onlyToday && !query
                    ? `Vandaag (${weekdayLabels[today]}) is er niemand op school.`
                    : 'Niemand gevonden met deze zoekopdracht.'
                  : `${shown.length === 1 ? '1 contactpersoon' : `${shown.length} contactpersonen`}${filtered ? ' gevonden' : ''}`}
              </p>
              {sections.map(({ school, roles }) => (
                <section key={school.id} className="directory-school" aria-labelledby={`school-${school.id}`}>
                  <h2 id={`school-${school.id}`}>{school.name}</h2>
                  {roles.map(({ role, people: inRole }) => (
                    <section key={role} aria-labelledby={`role-${school.id}-${role}`}>
                      <h3 id={`role-${school.id}-${role}`} className="directory-role">
                        {contactPersonRoleLabels[role]}
                      </h3>
                      <ul className="directory-list">
                        {inRole.map((p) => (
                          <DirectoryPerson key={p.id} person={p} today={today} canEdit={canEdit} />
                        ))}
                      </ul>
                    </section>
                  ))}
                </section>
              ))}
            </>
          )}
        </div>
      </IonContent>
    </IonPage>
  );
}
