import { IonContent, IonPage } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router-dom';
import { isOpenRequest } from '../../domain';
import { useSession } from '../auth/session';
import { db } from '../db/db';
import { recentConsultations } from '../db/queries';
import { requestsForProfessional } from '../db/requests';
import { PageHeader } from '../components/PageHeader';
import { RecordItem } from '../components/RecordItem';
import { useRecordSubjects } from '../components/useRecordSubjects';
import { RequestItem } from '../components/RequestItem';

export default function ConsultationsPage() {
  const session = useSession();
  const schools = session?.user.schools ?? [];
  const schoolOf = new Map(schools.map((s) => [s.id, s]));
  const requests = useLiveQuery(() => requestsForProfessional(db), []);
  const items = useLiveQuery(async () => {
    const rows = await recentConsultations(db, 300);
    return rows.map((record) => ({ kind: 'consultation' as const, record }));
  }, []);
  const subjectOf = useRecordSubjects(items);
  const open = requests?.filter((r) => isOpenRequest(r)) ?? [];
  const rest = requests?.filter((r) => !isOpenRequest(r)) ?? [];
  return (
    <IonPage>
      <PageHeader title="Consultaties" />
      <IonContent className="ion-padding">
        <section aria-labelledby="school-requests-title">
          <h2 id="school-requests-title">Vragen van school{open.length > 0 && <span className="count-chip"> {open.length} open</span>}</h2>
          {requests === undefined ? (
            <p role="status">Laden…</p>
          ) : requests.length === 0 ? (
            <p className="empty">Geen vragen van school. Als een IB'er een consultatievraag stelt, zie je die hier en op Vandaag.</p>
          ) : (
            <>
              {open.length > 0 ? (
                <ul className="record-list" aria-label="Open vragen, meest dringend eerst">
                  {open.map((r) => (
                    <RequestItem key={r.id} r={r} school={schoolOf.get(r.schoolId)} />
                  ))}
                </ul>
              ) : (
                <p className="empty">Alle vragen zijn opgepakt.</p>
              )}
              {rest.length > 0 && (
                <details className="request-done">
                  <summary>Afgehandelde vragen ({rest.length})</summary>
                  <ul className="record-list" aria-label="Afgehandelde vragen, laatst gewijzigd eerst">
                    {rest.map((r) => (
                      <RequestItem key={r.id} r={r} school={schoolOf.get(r.schoolId)} />
                    ))}
                  </ul>
                </details>
              )}
            </>
          )}
        </section>
        <section aria-labelledby="own-consultations-title">
          <h2 id="own-consultations-title">Mijn consultaties</h2>
          <Link className="primary-button block" to="/consultatie/nieuw">
            + Nieuwe consultatie
          </Link>
          {items === undefined ? (
            <p role="status">Laden…</p>
          ) : items.length === 0 ? (
            <p className="empty">
              Nog geen consultaties. Leg een korte consultatie vast met een IB'er, leerkracht of ouder, met of zonder naam van de leerling.
            </p>
          ) : (
            <ul className="record-list" aria-label="Consultaties, nieuwste eerst">
              {items.map((item) => (
                <RecordItem key={item.record.id} item={item} subject={subjectOf(item)} />
              ))}
            </ul>
          )}
        </section>
      </IonContent>
    </IonPage>
  );
}
