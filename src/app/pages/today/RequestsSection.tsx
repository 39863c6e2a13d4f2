import { IonBadge } from '@ionic/react';
import { Link } from 'react-router-dom';
import type { ConsultationRequest, School } from '../../../domain';
import { RequestItem } from '../../components/RequestItem';
import { TodaySection } from './TodaySection';

const SHOWN_REQUESTS = 5;

/** Open questions of the schools, most urgent first; the rest behind a link. */
export function RequestsSection({ requests, schools }: { requests: ConsultationRequest[] | undefined; schools: School[] | undefined }) {
  const badge = requests && requests.length > 0 && (
    <IonBadge color="danger" className="today-count">
      {requests.length}
      <span className="visually-hidden"> open</span>
    </IonBadge>
  );
  return (
    <TodaySection
      id="requests"
      title="Vragen van school"
      badge={badge}
      loading={requests === undefined}
      empty={requests?.length === 0 ? 'Geen open vragen van school.' : null}
    >
      <ul className="record-list" aria-label="Open vragen, meest dringend eerst">
        {requests?.slice(0, SHOWN_REQUESTS).map((r) => (
          <RequestItem key={r.id} r={r} school={schools?.find((s) => s.id === r.schoolId)} />
        ))}
      </ul>
      {requests && requests.length > SHOWN_REQUESTS && (
        <Link to="/consultaties" className="link-button">
          Alle {requests.length} open vragen
        </Link>
      )}
    </TodaySection>
  );
}
