import { IonContent, IonPage, IonRefresher, IonRefresherContent, type RefresherEventDetail } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router-dom';
import { db } from '../db/db';
import { followUpsDue } from '../db/queries';
import { PageHeader } from '../components/PageHeader';
import { RecordItem } from '../components/RecordItem';
import { formatDate, formatLongDate, todayIso } from '../format';
import { getSyncController } from '../sync/controller';

/** Pull-to-refresh: sync now, and close the spinner when it is done (or failed: the strip says why). */
async function refresh(e: CustomEvent<RefresherEventDetail>) {
  await getSyncController()?.syncNow();
  e.detail.complete();
}

export default function TodayPage() {
  const today = todayIso();
  const due = useLiveQuery(() => followUpsDue(db, today), [today]);
  const schools = useLiveQuery(() => db.schools.toArray(), []);
  const weekday = ((new Date().getDay() + 6) % 7) + 1;
  const schoolsToday = (schools ?? []).filter((s) => s.presenceDays.includes(weekday));

  return (
    <IonPage>
      <PageHeader title="Vandaag" />
      <IonContent className="ion-padding">
        <IonRefresher slot="fixed" onIonRefresh={(e: CustomEvent<RefresherEventDetail>) => void refresh(e)}>
          <IonRefresherContent pullingText="Trek om te synchroniseren" refreshingText="Synchroniseren…" />
        </IonRefresher>
        <p className="today-date">{formatLongDate(new Date())}</p>
        {schoolsToday.length > 0 && (
          <p className="today-schools">Vandaag op school: {schoolsToday.map((s) => s.name).join(', ')}</p>
        )}
        <nav aria-label="Snel vastleggen" className="quick-actions">
          <Link className="quick-action" to="/signaal/nieuw">
            + Signaal
          </Link>
          <Link className="quick-action" to="/contactmoment/nieuw">
            + Contactmoment
          </Link>
          <Link className="quick-action" to="/consultatie/nieuw">
            + Consultatie
          </Link>
        </nav>

        <section aria-labelledby="due-title">
          <h2 id="due-title">Opvolgen</h2>
          {due === undefined ? (
            <p role="status">Laden…</p>
          ) : due.length === 0 ? (
            <p className="empty">Niets op te volgen vandaag. Een opvolgdatum zet je bij een signaal, contactmoment of consultatie.</p>
          ) : (
            <ul className="record-list">
              {due.map((item) => (
                <RecordItem
                  key={item.record.id}
                  item={item}
                  extra={item.record.followUpDate! < today ? `Te laat: opvolgen op ${formatDate(item.record.followUpDate!)}` : 'Vandaag opvolgen'}
                />
              ))}
            </ul>
          )}
        </section>
        <p>
          <Link to="/registraties" className="link-button">
            Alle registraties bekijken en filteren
          </Link>
        </p>
      </IonContent>
    </IonPage>
  );
}
