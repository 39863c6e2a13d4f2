import { IonContent, IonPage } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { db } from '../db/db';
import { pupilTimeline, type TimelineItem } from '../db/queries';
import { archiveRecord, restoreRecord } from '../db/records';
import { AbsenceSummary } from '../components/AbsenceSummary';
import { Corrections } from '../components/Corrections';
import { CoverBanner } from '../components/CoverBanner';
import { ConsentSection } from '../components/ConsentSection';
import { Loading, NotFoundText } from '../components/Loading';
import { MeldcodePupilList } from '../components/MeldcodePupilList';
import { FamilySection } from '../components/FamilySection';
import { WachtlijstSection } from '../components/WachtlijstSection';
import { MdoPupilSection } from '../components/MdoPupilSection';
import { dateInAmsterdam } from '../../domain';
import { takesPartInMdo } from '../../domain/permissions';
import { PageHeader } from '../components/PageHeader';
import { RecordItem } from '../components/RecordItem';
import { offerUndo, UndoNotice } from '../components/UndoNotice';
import { entityLabels } from '../i18n/nl';
import { currentUserId, useSession } from '../auth/session';
import { recordedBy } from '../components/recordedBy';
import { recordView } from '../db/views';
import { pupilsSnapshot } from '../perf/pupilsInMemory';
import { forgetPrefetchedTimeline, prefetchedTimeline, prefetchingTimeline } from '../perf/timelinePrefetch';

export default function PupilPage() {
  const { id = '' } = useParams();
  const [showArchived, setShowArchived] = useState(false);
  // From the in-memory pupils when they are there: the page (and Ionic's transition, which starts
  // when the <IonPage> mounts) need not wait for a read and a decryption.
  const pupil = useLiveQuery(async () => (await db.pupils.get(id)) ?? null, [id], pupilsSnapshot(db)?.get(id));
  const school = useLiveQuery(async () => (pupil ? ((await db.schools.get(pupil.schoolId)) ?? null) : null), [pupil?.schoolId]);
  const liveTimeline = useLiveQuery(() => pupilTimeline(db, id, showArchived), [id, showArchived]);
  // Until the page's own read is there: what the tap on the pupil read (timelinePrefetch.ts), if
  // it was done before the page, or as soon as it is done (it started earlier than the page's).
  const [prefetched, setPrefetched] = useState(() => ({ id, items: prefetchedTimeline(id) }));
  useEffect(() => {
    let on = true;
    void prefetchingTimeline(id)?.then((items) => on && items && setPrefetched({ id, items }));
    return () => {
      on = false;
    };
  }, [id]);
  const timelineRead = liveTimeline !== undefined;
  useEffect(() => {
    if (timelineRead) forgetPrefetchedTimeline();
  }, [timelineRead]);
  const timeline = liveTimeline ?? (showArchived || prefetched.id !== id ? undefined : prefetched.items);
  const conflicted = useLiveQuery(async () => new Set((await db.conflicts.toArray()).map((c) => c.recordId)), [], new Set<string>());
  // Every opening of a pupil's page is recorded on the device and goes to the audit log
  // with the next sync (also when it happened offline).
  const viewedId = pupil?.id;
  useEffect(() => {
    if (viewedId) void recordView(db, viewedId);
  }, [viewedId]);

  const user = { userId: currentUserId() };
  const sessionUser = useSession()?.user;
  async function archive(item: TimelineItem) {
    await archiveRecord(db, item.kind, item.record.id, user);
    offerUndo({
      message: `${entityLabels[item.kind]} gearchiveerd`,
      path: `/leerlingen/${id}`,
      undo: () => restoreRecord(db, item.kind, item.record.id, user),
    });
  }

  // One <IonPage> from the first render on, also while the pupil is read: Ionic runs its page
  // transition on the first one a route renders, and starts it only when it is there.
  if (!pupil) {
    return (
      <IonPage>
        <PageHeader title={pupil === null ? 'Leerling niet gevonden' : 'Leerling'} back="/leerlingen" />
        <IonContent className="ion-padding">{pupil === null ? <NotFoundText /> : <Loading />}</IonContent>
      </IonPage>
    );
  }

  return (
    <IonPage>
      <PageHeader title={`Leerling ${pupil.initials}`} back="/leerlingen" />
      <IonContent className="ion-padding">
        <CoverBanner schoolId={pupil.schoolId} />
        <div className="pupil-card">
          <p className="pupil-initials">{pupil.initials}</p>
          <p>
            {pupil.group} · {school?.name ?? 'Onbekende school'} · geboren in {pupil.birthYear}
          </p>
          <p className="dossier-number">
            Dossiercode:{' '}
            {pupil.dossierCode ? <strong className="dossier-code">{pupil.dossierCode}</strong> : <span>volgt na synchroniseren</span>}
          </p>
          <p className="dossier-number">
            Dossiernummer: <span style={{ overflowWrap: 'anywhere', userSelect: 'all' }}>{pupil.id}</span>
          </p>
          <Link to={`/leerlingen/${pupil.id}/wijzigen`} className="link-button">
            Gegevens wijzigen
          </Link>
        </div>
        <Corrections record={pupil} what="de gegevens van deze leerling" />
        <AbsenceSummary pupil={pupil} />
        <Link to={`/verzuim/${pupil.id}`} className="link-button">
          Verzuim en route
        </Link>
        <nav aria-label="Vastleggen voor deze leerling" className="quick-actions">
          <Link className="quick-action" to={`/signaal/nieuw?leerling=${pupil.id}`}>
            + Signaal
          </Link>
          <Link className="quick-action" to={`/contactmoment/nieuw?leerling=${pupil.id}`}>
            + Contactmoment
          </Link>
          <Link className="quick-action" to={`/consultatie/nieuw?leerling=${pupil.id}`}>
            + Consultatie
          </Link>
        </nav>
        <MeldcodePupilList pupilId={pupil.id} />
        <ConsentSection pupil={pupil} />
        <WachtlijstSection pupil={pupil} />
        <FamilySection pupil={pupil} />
        {sessionUser && takesPartInMdo(sessionUser.role) && <MdoPupilSection pupil={pupil} today={dateInAmsterdam(new Date())} />}
        <section aria-labelledby="timeline-title">
          <h2 id="timeline-title">Tijdlijn</h2>
          <UndoNotice path={`/leerlingen/${id}`} />
          <label className="toggle">
            <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> Toon gearchiveerde
          </label>
          {timeline === undefined ? (
            <p role="status">Laden…</p>
          ) : timeline.length === 0 ? (
            <p className="empty">Nog niets vastgelegd voor deze leerling.</p>
          ) : (
            <ul className="record-list" aria-label="Tijdlijn, nieuwste eerst">
              {timeline.map((item) => (
                <RecordItem
                  key={item.record.id}
                  item={item}
                  conflict={conflicted.has(item.record.id)}
                  by={recordedBy(sessionUser, item.record)}
                  actions={
                    item.record.deleted ? (
                      <button
                        type="button"
                        className="secondary-button"
                        onClick={() => void restoreRecord(db, item.kind, item.record.id, user)}
                      >
                        Terugzetten
                      </button>
                    ) : (
                      // Behind a menu: a big button on every card was tapped by mistake while scrolling.
                      <details className="card-menu">
                        <summary>
                          Meer<span className="visually-hidden"> acties voor dit {entityLabels[item.kind].toLowerCase()}</span>
                        </summary>
                        <button type="button" className="link-button" onClick={() => void archive(item)}>
                          Archiveren<span className="visually-hidden"> {entityLabels[item.kind].toLowerCase()}</span>
                        </button>
                      </details>
                    )
                  }
                />
              ))}
            </ul>
          )}
        </section>
      </IonContent>
    </IonPage>
  );
}
