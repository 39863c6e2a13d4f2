import { IonContent, IonPage } from '@ionic/react';
import { subDays } from 'date-fns';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { signalThemes, type SignalTheme } from '../../domain';
import { db } from '../db/db';
import { filteredRecords } from '../db/queries';
import { SchoolFilter } from '../components/SchoolFilter';
import { entriesOf, SelectField, TextField } from '../components/fields';
import { PageHeader } from '../components/PageHeader';
import { RecordItem } from '../components/RecordItem';
import { useRecordSubjects } from '../components/useRecordSubjects';
import { recordedBy } from '../components/recordedBy';
import { useSession } from '../auth/session';
import { todayIso } from '../i18n/format';
import { themeLabels } from '../i18n/nl';

/** Records shown at most (the count says how many match); only their pupils are read. */
const SHOWN = 300;

export default function RecordsPage() {
  const [schoolId, setSchoolId] = useState('');
  const [theme, setTheme] = useState('');
  const [from, setFrom] = useState(todayIso(subDays(new Date(), 90)));
  const [to, setTo] = useState(todayIso());
  const schools = useLiveQuery(() => db.schools.orderBy('name').toArray(), [], []);
  const validTheme = (signalThemes as readonly string[]).includes(theme) ? (theme as SignalTheme) : undefined;
  const items = useLiveQuery(
    () => filteredRecords(db, { from: from || '0000', to: to || '9999', schoolId: schoolId || undefined, theme: validTheme }),
    [from, to, schoolId, validTheme],
  );
  const shown = items?.slice(0, SHOWN);
  const subjectOf = useRecordSubjects(shown);
  const user = useSession()?.user;

  return (
    <IonPage>
      <PageHeader title="Registraties" back="/vandaag" />
      <IonContent className="ion-padding">
        <div className="filters" role="search" aria-label="Registraties filteren">
          <SchoolFilter schools={schools} value={schoolId} onChange={setSchoolId} />
          <SelectField
            name="theme"
            label="Thema"
            required
            value={theme}
            onChange={setTheme}
            options={entriesOf(themeLabels)}
            placeholder="Alle thema's"
            hint="Een thema toont alleen signalen."
          />
          <div className="field-row">
            <TextField name="from" label="Vanaf" type="date" required value={from} onChange={setFrom} />
            <TextField name="to" label="Tot en met" type="date" required value={to} onChange={setTo} />
          </div>
        </div>
        {items === undefined ? (
          <p role="status">Laden…</p>
        ) : (
          <>
            <p className="result-count" role="status">
              {items.length === 1 ? '1 registratie' : `${items.length} registraties`}
            </p>
            {items.length === 0 ? (
              <p className="empty">Geen registraties met deze filters.</p>
            ) : (
              <ul className="record-list">
                {items.slice(0, SHOWN).map((item) => (
                  <RecordItem key={item.record.id} item={item} subject={subjectOf(item)} by={recordedBy(user, item.record)} />
                ))}
              </ul>
            )}
          </>
        )}
      </IonContent>
    </IonPage>
  );
}
