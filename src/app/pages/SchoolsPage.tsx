import { IonContent, IonPage } from '@ionic/react';
import { useState } from 'react';
import { AdminError, listSchools, updateSchool, type AdminSchool, type SchoolChanges } from '../admin/api';
import { schoolDays, schoolKindLabels } from '../admin/labels';
import { RemoteView } from '../admin/RemoteView';
import { useRemote } from '../admin/useRemote';
import { PageHeader } from '../components/PageHeader';
import '../admin/admin.css';

/** /scholen: the coordinator keeps each school's presence days and whether its team shares casework. Online only. */
export default function SchoolsPage() {
  const remote = useRemote('schools', listSchools);
  return (
    <IonPage>
      <PageHeader title="Scholen" />
      <IonContent className="ion-padding">
        <p className="intro">
          Op welke dagen is de jeugdprofessional op school, en deelt het team de dossiers? Een wijziging wordt meteen bewaard en komt bij de
          volgende synchronisatie op de telefoons.
        </p>
        <RemoteView remote={remote} loading="Scholen laden…">
          {(schools) =>
            schools.length === 0 ? (
              <p className="empty" role="status">
                Er zijn nog geen scholen.
              </p>
            ) : (
              <ul className="record-list school-list">
                {schools.map((s) => (
                  <li key={s.id}>
                    <SchoolCard school={s} />
                  </li>
                ))}
              </ul>
            )
          }
        </RemoteView>
      </IonContent>
    </IonPage>
  );
}

function SchoolCard({ school: initial }: { school: AdminSchool }) {
  const [school, setSchool] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const titleId = `school-${school.id}`;

  async function save(changes: SchoolChanges, done: string) {
    const before = school;
    setSchool({ ...school, ...changes });
    setSaving(true);
    setError(null);
    setStatus('Bezig met opslaan…');
    try {
      setSchool(await updateSchool(school.id, changes));
      setStatus(done);
    } catch (e) {
      setSchool(before);
      setStatus('');
      setError(e instanceof AdminError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }

  function toggleDay(day: number, on: boolean, name: string) {
    const presenceDays = on ? [...school.presenceDays, day].sort((a, b) => a - b) : school.presenceDays.filter((d) => d !== day);
    void save({ presenceDays }, `Opgeslagen: ${on ? 'aanwezig' : 'niet aanwezig'} op ${name}.`);
  }

  return (
    <section className="record-item school-card" aria-labelledby={titleId}>
      <h2 id={titleId} className="school-name">
        {school.name}
      </h2>
      <p className="record-meta">
        {schoolKindLabels[school.kind]}
        {school.place && ` · ${school.place}`}
      </p>
      <fieldset className="field checks" aria-describedby={`${titleId}-days`}>
        <legend>Dagen van de jeugdprofessional</legend>
        <p className="field-hint" id={`${titleId}-days`}>
          {school.presenceDays.length === 0
            ? 'Nog geen vaste dagen.'
            : `Aanwezig op ${school.presenceDays.map((d) => schoolDays.find(([n]) => n === d)?.[2] ?? `dag ${d}`).join(', ')}.`}
        </p>
        <div className="choices day-choices">
          {schoolDays.map(([day, short, long]) => {
            const on = school.presenceDays.includes(day);
            return (
              <label key={day} className={on ? 'chosen' : ''}>
                <input
                  type="checkbox"
                  checked={on}
                  disabled={saving}
                  onChange={(e) => toggleDay(day, e.target.checked, long)}
                  aria-label={long}
                />
                <span aria-hidden="true">{short}</span>
              </label>
            );
          })}
        </div>
      </fieldset>
      <div className="field team-share">
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            checked={school.teamShares}
            disabled={saving}
            aria-describedby={`${titleId}-share`}
            onChange={(e) =>
              void save(
                { teamShares: e.target.checked },
                e.target.checked ? 'Opgeslagen: het team deelt de dossiers.' : 'Opgeslagen: ieder ziet alleen de eigen dossiers.',
              )
            }
          />
          <span>Team deelt dossiers</span>
        </label>
        <p className="field-hint" id={`${titleId}-share`}>
          {school.teamShares
            ? 'Aan: de jeugdprofessionals van deze school zien elkaars dossiers.'
            : 'Uit: een jeugdprofessional ziet op deze school alleen de eigen dossiers.'}
        </p>
      </div>
      <p role="status" className="save-status">
        {status}
      </p>
      {error && (
        <p className="field-error" role="alert">
          Opslaan is niet gelukt: {error}
        </p>
      )}
    </section>
  );
}
