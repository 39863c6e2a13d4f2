import { IonContent, IonPage } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { dateInAmsterdam, needsCheck, weekday } from '../../domain';
import { canManageSchools } from '../../domain/permissions';
import { useSession } from '../auth/session';
import { DirectoryPerson } from '../components/DirectoryPerson';
import { SchoolFilter } from '../components/SchoolFilter';
import { TextField } from '../components/fields';
import { PageHeader } from '../components/PageHeader';
import { UndoNotice } from '../components/UndoNotice';
import { db } from '../db/db';
import { directoryPeople, entriesForSchool, groupDirectory, presentToday, searchDirectory } from '../db/directory';
import { contactPersonRoleLabels, weekdayLabels } from '../i18n/nl';

/**
 * Wie is wie: the vaste contactpersonen of the user's schools and the regional entries of their
 * gemeenten and samenwerkingsverband, for every role. All from the device, so it works offline; only
 * the coordinator sees add, edit and the entries due for a check (the server refuses anyone else's
 * writes).
 */
export default function ContactPersonsPage() {
  const session = useSession();
  const canEdit = !!session && canManageSchools(session.user);
  const areas = session?.user.areas ?? [];
  const [query, setQuery] = useState('');
  const [schoolId, setSchoolId] = useState('');
  const [onlyToday, setOnlyToday] = useState(false);
  const [onlyDue, setOnlyDue] = useState(false);
  const schools = useLiveQuery(() => db.schools.orderBy('name').toArray(), [], []);
  const people = useLiveQuery(() => directoryPeople(db), []);
  const todayIso = dateInAmsterdam(new Date());
  const today = weekday(todayIso);
  const due = canEdit ? (people ?? []).filter((p) => needsCheck(p, todayIso)) : [];

  let shown = people ?? [];
  const school = schools.find((s) => s.id === schoolId);
  if (school) shown = entriesForSchool(shown, school, areas);
  if (onlyToday) shown = presentToday(shown, today);
  if (onlyDue && canEdit) shown = shown.filter((p) => needsCheck(p, todayIso));
  shown = searchDirectory(shown, schools, query, areas);
  const sections = groupDirectory(shown, schools, areas);
  const filtered = query.trim() !== '' || schoolId !== '' || onlyToday || (onlyDue && canEdit);

  return (
    <IonPage>
      <PageHeader title="Contactpersonen" />
      <IonContent className="ion-padding">
        <div className="directory">
          <UndoNotice path="/contactpersonen" />
          {canEdit && (
            <Link className="primary-button block" to="/contactpersonen/nieuw">
              + Contactpersoon toevoegen
            </Link>
          )}
          {due.length > 0 && (
            <div className="notice directory-due" role="status">
              <p>
                {due.length === 1 ? '1 contactpersoon is' : `${due.length} contactpersonen zijn`} langer dan 6 maanden niet gecontroleerd.
                Kijk of de gegevens nog kloppen.
              </p>
              <label className="toggle">
                <input type="checkbox" checked={onlyDue} onChange={(e) => setOnlyDue(e.target.checked)} /> Alleen wie gecontroleerd moet
                worden
              </label>
            </div>
          )}
          <div className="filters" role="search" aria-label="Contactpersonen zoeken">
            <TextField
              name="zoek"
              label="Zoek op naam, organisatie, rol of school"
              type="search"
              required
              value={query}
              onChange={setQuery}
            />
            {schools.length > 1 && (
              <SchoolFilter
                schools={schools}
                value={schoolId}
                onChange={setSchoolId}
                hint="Met de gemeente en het samenwerkingsverband van die school"
              />
            )}
            <label className="toggle directory-today-toggle">
              <input type="checkbox" checked={onlyToday} onChange={(e) => setOnlyToday(e.target.checked)} /> Alleen wie vandaag op school is
              ({weekdayLabels[today]})
            </label>
          </div>
          {people === undefined ? (
            <p role="status">Laden…</p>
          ) : people.length === 0 ? (
            <div className="empty-state" role="status">
              <h2>Nog geen contactpersonen</h2>
              {canEdit ? (
                <p>
                  Voeg per school de vaste contactpersonen toe (jeugdprofessional, IB'er, leerplicht, JGZ, SWV, wijkteam,
                  schoolmaatschappelijk werk), en per gemeente en voor de regio het leerplichtteam, het loket van het samenwerkingsverband,
                  JGZ, het wijkteam, Veilig Thuis en het RMC.
                </p>
              ) : (
                <p>
                  De coördinator vult de contactpersonen per school, per gemeente en voor de regio in. Na synchronisatie staan ze hier, ook
                  als je geen verbinding hebt.
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
              {sections.map(({ id, title, roles }) => (
                <section key={id} className="directory-school" aria-labelledby={`school-${id}`}>
                  <h2 id={`school-${id}`}>{title}</h2>
                  {roles.map(({ role, people: inRole }) => (
                    <section key={role} aria-labelledby={`role-${id}-${role}`}>
                      <h3 id={`role-${id}-${role}`} className="directory-role">
                        {contactPersonRoleLabels[role]}
                      </h3>
                      <ul className="directory-list">
                        {inRole.map((p) => (
                          <DirectoryPerson
                            key={p.id}
                            person={p}
                            today={today}
                            canEdit={canEdit}
                            due={canEdit && needsCheck(p, todayIso)}
                            todayIso={todayIso}
                          />
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
