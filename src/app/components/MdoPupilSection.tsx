import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router-dom';
import { nextMeeting, type Pupil } from '../../domain';
import { db } from '../db/db';
import { itemsOfPupil, meetingsOfSchools } from '../db/mdo';
import { formatDay } from '../i18n/format';

/**
 * The pupil page's way into the MDO (the jeugdprofessional has no MDO tab): the meetings this pupil
 * is on the agenda of, and the next meeting of the pupil's school to put them on.
 */
export function MdoPupilSection({ pupil, today }: { pupil: Pupil; today: string }) {
  const data = useLiveQuery(async () => {
    const [items, meetings] = await Promise.all([itemsOfPupil(db, pupil.id), meetingsOfSchools(db, [pupil.schoolId])]);
    const byId = new Map(meetings.map((m) => [m.id, m]));
    const on = items.flatMap((i) => {
      const m = byId.get(i.meetingId);
      return m ? [{ item: i, meeting: m }] : [];
    });
    return { on, next: nextMeeting(meetings, today) };
  }, [pupil.id, pupil.schoolId, today]);
  return (
    <section aria-labelledby="mdo-pupil-title">
      <h2 id="mdo-pupil-title">MDO</h2>
      {data === undefined ? (
        <p role="status">Laden…</p>
      ) : (
        <>
          {data.on.length === 0 ? (
            <p className="empty">Nog niet besproken in een MDO.</p>
          ) : (
            <ul className="record-list" aria-label="Op de agenda van">
              {data.on.map(({ item, meeting }) => (
                <li key={item.id}>
                  <Link to={`/mdo/${meeting.id}`} className="record-item">
                    <strong>
                      {formatDay(meeting.date)} om {meeting.time}
                    </strong>
                    <span>{item.question}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link className="link-button" to={data.next ? `/mdo/${data.next.id}` : '/mdo'}>
              {data.next ? `Volgend MDO: ${formatDay(data.next.date)}` : 'Naar het MDO'}
            </Link>
          </p>
        </>
      )}
    </section>
  );
}
