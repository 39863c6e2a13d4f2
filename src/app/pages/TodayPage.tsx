import { IonBadge, IonContent, IonPage, IonRefresher, IonRefresherContent, type RefresherEventDetail } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { dateInAmsterdam, schoolsPresentOn, type EntityName } from '../../domain';
import { db } from '../db/db';
import { countFollowUpsDue, followUpsDue, meldcodeRemindersDue, recordsWithConflicts, thuiszittersToday } from '../db/queries';
import { openRequests } from '../db/requests';
import { PageHeader } from '../components/PageHeader';
import { RecordItem } from '../components/RecordItem';
import { useRecordSubjects } from '../components/useRecordSubjects';
import { RequestItem } from '../components/RequestItem';
import { formatDate, formatLongDate, pupilLabel } from '../format';
import { entityLabels, waitingText } from '../i18n/nl';
import { getSyncController } from '../sync/controller';
import { MdoSection } from './today/MdoSection';

/** Pull-to-refresh: sync now, and close the spinner when it is done (or failed: the strip says why). */
async function refresh(e: CustomEvent<RefresherEventDetail>) {
  await getSyncController()?.syncNow();
  e.detail.complete();
}

/** Where a record with a conflict is opened. */
const recordPaths: Record<EntityName, (id: string) => string> = {
  pupil: (id) => `/leerlingen/${id}/wijzigen`,
  signal: (id) => `/signaal/${id}`,
  contact: (id) => `/contactmoment/${id}`,
  consultation: (id) => `/consultatie/${id}`,
  meldcode: (id) => `/meldcode/${id}`,
  consultationRequest: (id) => `/vragen/${id}`,
  consultationNote: () => '/consultaties',
  contactPerson: (id) => `/contactpersonen/${id}`,
  consent: () => '/leerlingen',
  mdoMeeting: (id) => `/mdo/${id}`,
  mdoItem: () => '/mdo',
  mdoAgreement: () => '/mdo',
};

const SHOWN_REQUESTS = 5;
/** Follow-ups shown at first and added per "Toon meer": only these are read and decrypted. */
const DUE_PAGE = 20;

export default function TodayPage() {
  // The calendar day in Amsterdam, whatever zone the device is set to (calendar.ts).
  const now = new Date();
  const today = dateInAmsterdam(now);
  const requests = useLiveQuery(() => openRequests(db), []);
  const [dueShown, setDueShown] = useState(DUE_PAGE);
  // One more than shown: whether "Toon meer" is needed, without waiting for the count.
  const dueRead = useLiveQuery(() => followUpsDue(db, today, dueShown + 1), [today, dueShown]);
  const due = dueRead?.slice(0, dueShown);
  const moreDue = dueRead !== undefined && dueRead.length > dueShown;
  const subjectOf = useRecordSubjects(due);
  const meldcodes = useLiveQuery(() => meldcodeRemindersDue(db, today), [today]);
  const thuiszitters = useLiveQuery(() => thuiszittersToday(db, today), [today]);
  const conflicts = useLiveQuery(() => recordsWithConflicts(db), []);
  const waiting = useLiveQuery(() => db.outbox.count(), []);
  const schools = useLiveQuery(() => db.schools.toArray(), []);
  // Counting the follow-ups holds up every other read of IndexedDB for as long as it takes (up to a
  // second on 50,000 records): asked only once the sections are read; the badge follows.
  const sectionsRead = [requests, due, meldcodes, thuiszitters, conflicts, waiting, schools].every((x) => x !== undefined);
  const dueTotal = useLiveQuery(() => (sectionsRead ? countFollowUpsDue(db, today) : undefined), [sectionsRead, today]);
  const schoolsToday = schoolsPresentOn(schools ?? [], today);

  return (
    <IonPage>
      <PageHeader title="Vandaag" />
      <IonContent className="ion-padding">
        <IonRefresher slot="fixed" onIonRefresh={(e: CustomEvent<RefresherEventDetail>) => void refresh(e)}>
          <IonRefresherContent pullingText="Trek om te synchroniseren" refreshingText="Synchroniseren…" />
        </IonRefresher>
        <p className="today-date">{formatLongDate(now)}</p>
        {schools !== undefined && (
          <p className="today-schools">
            {schoolsToday.length > 0 ? `Vandaag op school: ${schoolsToday.map((s) => s.name).join(', ')}` : 'Vandaag sta je op geen school ingeroosterd.'}
          </p>
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

        <section aria-labelledby="requests-title" className="today-section">
          <h2 id="requests-title">
            Vragen van school
            {requests && requests.length > 0 && (
              <IonBadge color="danger" className="today-count">
                {requests.length}
                <span className="visually-hidden"> open</span>
              </IonBadge>
            )}
          </h2>
          {requests === undefined ? (
            <p role="status">Laden…</p>
          ) : requests.length === 0 ? (
            <p className="empty">Geen open vragen van school.</p>
          ) : (
            <>
              <ul className="record-list" aria-label="Open vragen, meest dringend eerst">
                {requests.slice(0, SHOWN_REQUESTS).map((r) => (
                  <RequestItem key={r.id} r={r} school={schools?.find((s) => s.id === r.schoolId)} />
                ))}
              </ul>
              {requests.length > SHOWN_REQUESTS && (
                <Link to="/consultaties" className="link-button">
                  Alle {requests.length} open vragen
                </Link>
              )}
            </>
          )}
        </section>

        <section aria-labelledby="due-title" className="today-section">
          <h2 id="due-title">
            Opvolgen
            {!!dueTotal && (
              <IonBadge color="medium" className="today-count">
                {dueTotal}
                <span className="visually-hidden"> op te volgen</span>
              </IonBadge>
            )}
          </h2>
          {due === undefined ? (
            <p role="status">Laden…</p>
          ) : due.length === 0 ? (
            <p className="empty">Niets op te volgen vandaag. Een opvolgdatum zet je bij een signaal, contactmoment of consultatie.</p>
          ) : (
            <>
              <ul className="record-list" aria-label={dueTotal === undefined ? 'Op te volgen, oudste eerst' : `Op te volgen, oudste eerst: ${due.length} van ${dueTotal}`}>
                {due.map((item) => (
                  <RecordItem
                    key={item.record.id}
                    item={item}
                    subject={subjectOf(item)}
                    extra={item.record.followUpDate! < today ? `Te laat: opvolgen op ${formatDate(item.record.followUpDate!)}` : 'Vandaag opvolgen'}
                  />
                ))}
              </ul>
              {moreDue && (
                <button type="button" className="secondary-button" onClick={() => setDueShown((n) => n + DUE_PAGE)}>
                  Toon meer<span className="visually-hidden"> op te volgen</span>
                  {dueTotal !== undefined && dueTotal > due.length && ` (${dueTotal - due.length} over)`}
                </button>
              )}
            </>
          )}
        </section>

        <MdoSection today={today} />

        <section aria-labelledby="meldcode-title" className="today-section">
          <h2 id="meldcode-title">Meldcode</h2>
          {meldcodes === undefined ? (
            <p role="status">Laden…</p>
          ) : meldcodes.length === 0 ? (
            <p className="empty">Geen Meldcode-stappen die te lang openstaan.</p>
          ) : (
            <ul className="record-list">
              {meldcodes.map(({ meldcode, reminder, pupil }) => (
                <li key={meldcode.id} className="record-item">
                  <Link to={`/meldcode/${meldcode.id}`} className="record-link">
                    <span className="record-title">
                      {pupil ? pupilLabel(pupil) : 'Leerling'} · stap {reminder.step}
                    </span>
                    <span className="record-extra">
                      Stap {reminder.step} staat {reminder.daysOpen} dagen open (sinds {formatDate(reminder.openSince)})
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="thuiszitters-title" className="today-section">
          <h2 id="thuiszitters-title">Thuiszitters</h2>
          {thuiszitters === undefined ? (
            <p role="status">Laden…</p>
          ) : thuiszitters.length === 0 ? (
            <p className="empty">Geen thuiszitters. Fijn.</p>
          ) : (
            <ul className="record-list">
              {thuiszitters.map(({ pupil, status }) => (
                <li key={pupil.id} className="record-item">
                  <Link to={`/leerlingen/${pupil.id}`} className="record-link">
                    <span className="record-title">
                      {pupil.initials} · {pupil.group}
                    </span>
                    <span>
                      {status.daysAbsent} dagen afwezig, sinds {formatDate(status.since)}
                    </span>
                    {status.leerplichtNeeded ? (
                      <span className="record-extra">Leerplicht nog niet betrokken</span>
                    ) : (
                      <span>Leerplicht is betrokken</span>
                    )}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="sync-title" className="today-section">
          <h2 id="sync-title">Conflicten en synchronisatie</h2>
          {conflicts === undefined || waiting === undefined ? (
            <p role="status">Laden…</p>
          ) : (
            <>
              {conflicts.length === 0 ? (
                <p className="empty">Geen conflicten om op te lossen.</p>
              ) : (
                <ul className="record-list" aria-label="Conflicten om op te lossen">
                  {conflicts.map((c) => (
                    <li key={c.recordId} className="record-item">
                      <Link to={recordPaths[c.entity](c.recordId)} className="record-link">
                        <span className="record-title">{entityLabels[c.entity]}</span>
                        <span className="record-extra">{c.fields === 1 ? '1 veld: kies een waarde' : `${c.fields} velden: kies een waarde`}</span>
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
              <p className={waiting > 0 ? 'record-extra' : 'empty'}>
                {waiting > 0 ? `${waitingText(waiting)}. Dat gebeurt vanzelf zodra er verbinding is.` : 'Niets wacht op synchronisatie.'}
              </p>
            </>
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
