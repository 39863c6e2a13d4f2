import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router-dom';
import { addDays, linkReminders, MDO_LINK_REMINDER_DAYS, nextMeeting, type MdoMeeting } from '../../../domain';
import { useSession } from '../../auth/session';
import { db } from '../../db/db';
import { itemsOfMeeting, meetingsOfSchools, openAgreementsForJp } from '../../db/mdo';
import { formatDate, formatDay } from '../../i18n/format';

/**
 * Vandaag: the next MDO per school and what still needs preparing (pupils on the agenda whose
 * consent is not yet checked, a meeting not yet marked voorbereid), and the open MDO agreements for
 * the jeugdprofessional as follow-ups.
 */
export function MdoSection({ today }: { today: string }) {
  const session = useSession();
  const schools = session?.user.schools ?? [];
  const schoolIds = schools.map((s) => s.id).join(',');
  const data = useLiveQuery(async () => {
    const meetings = await meetingsOfSchools(db, schoolIds ? schoolIds.split(',') : []);
    const bySchool = new Map<string, MdoMeeting[]>();
    for (const m of meetings) bySchool.set(m.schoolId, [...(bySchool.get(m.schoolId) ?? []), m]);
    const next = [...bySchool.values()].map((ms) => nextMeeting(ms, today)).filter((m): m is MdoMeeting => m !== null);
    const withTodo = await Promise.all(
      next.map(async (m) => {
        const items = await itemsOfMeeting(db, m.id);
        return { meeting: m, items: items.length, unchecked: items.filter((i) => i.consentOutcome === 'niet_gecontroleerd').length };
      }),
    );
    const agreements = await openAgreementsForJp(db);
    const soon = meetings.filter((m) => m.date >= today && m.date <= addDays(today, MDO_LINK_REMINDER_DAYS));
    const soonItems = (await Promise.all(soon.map((m) => itemsOfMeeting(db, m.id)))).flat();
    return {
      next: withTodo.sort((a, b) => a.meeting.date.localeCompare(b.meeting.date)),
      agreements,
      toLink: linkReminders(soon, soonItems, today),
    };
  }, [schoolIds, today]);
  const schoolName = new Map(schools.map((s) => [s.id, s.name]));

  return (
    <section aria-labelledby="mdo-title" className="today-section">
      <h2 id="mdo-title">MDO</h2>
      {data === undefined ? (
        <p role="status">Laden…</p>
      ) : (
        <>
          {data.toLink.length > 0 && (
            <ul className="record-list" aria-label="Leerlingen koppelen voor het MDO">
              {data.toLink.map(({ meeting: m, unlinked }) => (
                <li key={m.id}>
                  <Link to={`/mdo/${m.id}`} className="record-item notice">
                    <strong>
                      Koppel {unlinked === 1 ? '1 leerling' : `${unlinked} leerlingen`} voor het MDO van{' '}
                      {schoolName.get(m.schoolId) ?? 'school'}
                    </strong>
                    <span>
                      {formatDay(m.date)} om {m.time}: school zette {unlinked === 1 ? 'een leerling' : 'leerlingen'} op de agenda met
                      initialen. Zonder koppeling is er geen voorbereidingskaart.
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {data.next.length === 0 ? (
            <p className="empty">
              Geen MDO gepland.{' '}
              <Link className="target-link" to="/mdo">
                Plan een overleg
              </Link>
            </p>
          ) : (
            <ul className="record-list">
              {data.next.map(({ meeting: m, items, unchecked }) => (
                <li key={m.id}>
                  <Link to={`/mdo/${m.id}`} className="record-item">
                    <strong>
                      {schoolName.get(m.schoolId) ?? 'School'}: {formatDay(m.date)} om {m.time}
                    </strong>
                    <span>
                      {items === 0 ? 'Nog niets op de agenda' : `${items} op de agenda`}
                      {unchecked > 0 ? ` · ${unchecked} toestemming nog controleren` : ''}
                      {m.status === 'gepland' ? ' · nog voorbereiden' : ''}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {data.next.length > 0 && (
            <p>
              <Link className="link-button" to="/mdo">
                Alle overleggen
              </Link>
            </p>
          )}
          {data.agreements.length > 0 && (
            <>
              <h3>Afspraken uit het MDO</h3>
              <ul className="record-list" aria-label="Afspraken uit het MDO voor jou">
                {data.agreements.map((a) => (
                  <li key={a.id}>
                    <Link to={`/mdo/${a.meetingId}`} className="record-item">
                      <strong>{a.what}</strong>
                      <span>{a.byWhen ? `uiterlijk ${formatDate(a.byWhen)}` : 'zonder datum'}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
