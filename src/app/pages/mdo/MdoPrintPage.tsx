import { IonContent, IonPage } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { useParams } from 'react-router-dom';
import { linksMdoPupils } from '../../../domain/permissions';
import { useSession } from '../../auth/session';
import { Loading, NotFound } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { db } from '../../db/db';
import { agreementOwnerLabels, agreementsOfMeeting, cardOf, itemsOfMeeting, participantRoleLabels } from '../../db/mdo';
import { recordView } from '../../db/views';
import { formatDate, formatDay } from '../../i18n/format';
import { PreparationCardView } from './PreparationCardView';
import './Mdo.css';

/**
 * /mdo/:id/afdruk — A4 print: the agenda, for the jeugdprofessional with a preparation card per
 * pupil (one page each), and the minutes for school. Headers and the file name (the document
 * title) name the school and the date only; pupils appear by initials and group.
 */
export default function MdoPrintPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const jp = !!session && linksMdoPupils(session.user.role);
  const data = useLiveQuery(async () => {
    const meeting = await db.mdoMeetings.get(id);
    if (!meeting || meeting.deleted) return { meeting: null } as const;
    const [items, agreements, school] = await Promise.all([
      itemsOfMeeting(db, id),
      agreementsOfMeeting(db, id),
      db.schools.get(meeting.schoolId),
    ]);
    const cards = jp ? await Promise.all(items.map(async (i) => ({ item: i, card: await cardOf(db, i, meeting) }))) : [];
    return { meeting, items, agreements, school, cards };
  }, [id, jp]);

  const title = data?.meeting ? `MDO ${data.school?.name ?? ''} ${data.meeting.date}` : null;
  useEffect(() => {
    if (!title) return;
    const before = document.title;
    document.title = title;
    return () => {
      document.title = before;
    };
  }, [title]);

  if (data === undefined) return <Loading />;
  if (data.meeting === null) return <NotFound what="Overleg" />;
  const { meeting, items, agreements, school, cards } = data;

  function print() {
    // Every printed card is a read of that pupil's records, logged like opening it.
    const now = new Date();
    for (const { item } of cards)
      if (item.pupilId && !item.anonymous) void recordView(db, item.pupilId, now, { kind: 'mdoPrint', itemId: item.id });
    window.print();
  }

  return (
    <IonPage>
      <PageHeader title="Afdrukken" back={`/mdo/${id}`} />
      <IonContent className="ion-padding">
        <div className="mdo-print-actions no-print">
          <p>Afdrukken of bewaren als pdf. Op papier staan leerlingen alleen met initialen en groep.</p>
          <button type="button" className="primary-button" onClick={print}>
            Afdrukken
          </button>
        </div>
        <article className="mdo-print">
          <header>
            <h2>MDO {school?.name ?? ''}</h2>
            <p>
              {formatDay(meeting.date)} om {meeting.time}
            </p>
            <p>Aan tafel: {meeting.participants.map((p) => `${p.name} (${participantRoleLabels[p.role]})`).join(', ')}</p>
          </header>
          <h3>Agenda</h3>
          <ol>
            {items.map((i) => (
              <li key={i.id}>
                <strong>{i.anonymous ? `Anonieme casus: ${i.description}` : i.pupilLabel}</strong> — {i.question}
                {(i.conclusion || agreements.some((a) => a.itemId === i.id)) && (
                  <div className="mdo-print-minutes">
                    {i.conclusion && <p>Conclusie: {i.conclusion}</p>}
                    <ul>
                      {agreements
                        .filter((a) => a.itemId === i.id)
                        .map((a) => (
                          <li key={a.id}>
                            {a.done ? '✓ ' : ''}
                            {a.who === 'anders' && a.whoName ? a.whoName : agreementOwnerLabels[a.who]}: {a.what}
                            {a.byWhen ? ` (uiterlijk ${formatDate(a.byWhen)})` : ''}
                          </li>
                        ))}
                    </ul>
                  </div>
                )}
              </li>
            ))}
          </ol>
          {cards
            .filter(({ item }) => !item.anonymous && item.pupilId)
            .map(({ item, card }) => (
              <div key={item.id} className="mdo-print-card">
                <PreparationCardView card={card} headingLevel={3} />
              </div>
            ))}
        </article>
      </IonContent>
    </IonPage>
  );
}
