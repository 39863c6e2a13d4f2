import { IonContent, IonPage } from '@ionic/react';
import { SyncRefresher } from '../components/SyncRefresher';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router-dom';
import { useSession } from '../auth/session';
import { db } from '../db/db';
import { requestsOfSchools } from '../db/requests';
import { NoticeList } from '../components/NoticeList';
import { PageHeader } from '../components/PageHeader';
import { RequestItem } from '../components/RequestItem';

/** The IB'er's consultatievragen: every request of their school(s), newest first. */
export default function RequestsPage() {
  const session = useSession();
  const schools = session?.user.schools ?? [];
  const schoolIds = schools.map((s) => s.id).join(',');
  const requests = useLiveQuery(() => requestsOfSchools(db, schoolIds ? schoolIds.split(',') : []), [schoolIds]);
  const schoolOf = new Map(schools.map((s) => [s.id, s]));
  const many = schools.length > 1;

  return (
    <IonPage>
      <PageHeader title="Consultatievragen" />
      <IonContent className="ion-padding">
        <SyncRefresher />
        {/* The IB'er's first screen: every notice for her, also an MDO agreement for school. */}
        <NoticeList kinds={['answer', 'schoolAgreement']} />
        <Link className="primary-button block" to="/vragen/nieuw">
          + Nieuwe vraag
        </Link>
        {requests === undefined ? (
          <p role="status">Laden…</p>
        ) : requests.length === 0 ? (
          <div className="empty-state">
            <h2>Nog geen vragen</h2>
            <p>
              Met een consultatievraag vraag je de jeugdprofessional van school om mee te denken over een leerling, of anoniem over een
              situatie. Je kiest hoe dringend het is en hoe je contact wilt. Je ziet hier wanneer de vraag is ingepland en het advies zodra
              die beantwoord is.
            </p>
          </div>
        ) : (
          <ul className="record-list" aria-label="Consultatievragen, nieuwste eerst">
            {requests.map((r) => (
              <RequestItem key={r.id} r={r} school={many ? schoolOf.get(r.schoolId) : undefined} showAdvice />
            ))}
          </ul>
        )}
      </IonContent>
    </IonPage>
  );
}
