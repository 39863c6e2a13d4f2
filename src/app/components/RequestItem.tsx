import { format, parseISO } from 'date-fns';
import { nl } from 'date-fns/locale/nl';
import { Link } from 'react-router-dom';
import { isOpenRequest, type ConsultationRequest, type School } from '../../domain';
import { formatDate } from '../i18n/format';
import { requestStatusLabels, themeLabels, urgencyLabels } from '../i18n/nl';

/** "di 3 feb 2026 om 10:30": an instant (createdAt, answeredAt, …) in the device's time. */
export function formatInstant(iso: string): string {
  return format(parseISO(iso), "EEEEEE d MMM yyyy 'om' HH:mm", { locale: nl });
}

/** "di 3 feb 2026 om 10:30": the planned appointment. */
export function formatPlanned(r: Pick<ConsultationRequest, 'plannedDate' | 'plannedTime'>): string {
  if (!r.plannedDate) return '';
  return `${formatDate(r.plannedDate)}${r.plannedTime ? ` om ${r.plannedTime}` : ''}`;
}

/** Who the question is about, as the IB'er wrote it. */
export function requestSubject(r: Pick<ConsultationRequest, 'anonymous' | 'pupilInitials' | 'pupilGroup'>): string {
  if (r.anonymous) return 'Anoniem';
  return [r.pupilInitials, r.pupilGroup].filter(Boolean).join(' · ');
}

export function RequestStatusChip({ status }: { status: ConsultationRequest['status'] }) {
  return <span className={`badge request-status request-status-${status}`}>{requestStatusLabels[status]}</span>;
}

export function RequestUrgency({ urgency }: { urgency: ConsultationRequest['urgency'] }) {
  return (
    <span className={`badge request-urgency request-urgency-${urgency}`}>
      {urgency === 'kan_wachten' ? 'Kan wachten' : `Urgent: ${urgencyLabels[urgency].toLowerCase()}`}
    </span>
  );
}

/** The request's moments as one line each: gesteld, ingepland (the appointment), beantwoord. */
export function RequestMoments({ r }: { r: ConsultationRequest }) {
  return (
    <span className="request-moments">
      <span>Gesteld op {formatInstant(r.createdAt)}. </span>
      {r.plannedDate && r.status !== 'teruggetrokken' && <span>Ingepland op {formatPlanned(r)}. </span>}
      {r.answeredAt && <span>Beantwoord op {formatInstant(r.answeredAt)}. </span>}
      {r.withdrawnAt && <span>Teruggetrokken op {formatInstant(r.withdrawnAt)}. </span>}
    </span>
  );
}

/**
 * One consultatievraag as a card; the whole card opens it. `showAdvice`: the IB'er's list shows the
 * advice for school once it is answered.
 */
export function RequestItem({
  r,
  school,
  showAdvice = false,
}: {
  r: ConsultationRequest;
  school?: School | undefined;
  showAdvice?: boolean;
}) {
  const open = isOpenRequest(r);
  return (
    <li className={`record-item request-item request-item-${r.status}`}>
      <Link to={`/vragen/${r.id}`} className="record-link">
        <span className="record-meta">
          <RequestStatusChip status={r.status} /> {open && <RequestUrgency urgency={r.urgency} />}{' '}
          {r.version === 0 && <span className="badge badge-local">Nog niet verstuurd</span>}
        </span>{' '}
        <span className="record-title">
          {requestSubject(r)} · {themeLabels[r.topic]}
        </span>{' '}
        {school && <span className="request-school">{school.name} </span>}
        <span className="record-text">{r.question}</span> <RequestMoments r={r} />
        {showAdvice && r.adviceForSchool && (r.status === 'beantwoord' || r.status === 'afgesloten') && (
          <span className="request-advice">
            <strong>Advies voor school:</strong> {r.adviceForSchool}
          </span>
        )}
      </Link>
    </li>
  );
}
