import { IonContent, IonPage } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { useParams } from 'react-router-dom';
import { Loading, NotFound } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { db } from '../../db/db';
import { cardOf } from '../../db/mdo';
import { recordView } from '../../db/views';
import { PreparationCardView } from './PreparationCardView';
import './Mdo.css';

/** /mdo/:id/kaart/:itemId — the preparation card of one pupil: one phone screen. Each open is audited. */
export default function MdoCardPage() {
  const { id = '', itemId = '' } = useParams();
  const data = useLiveQuery(async () => {
    const [meeting, item] = await Promise.all([db.mdoMeetings.get(id), db.mdoItems.get(itemId)]);
    if (!meeting || !item || item.deleted || item.meetingId !== meeting.id) return { card: null } as const;
    return { card: await cardOf(db, item, meeting), pupilId: item.pupilId };
  }, [id, itemId]);
  const pupilId = data && data.card ? data.pupilId : null;
  useEffect(() => {
    // A read of the pupil's records: logged like a pupil page, also offline (uploaded at the next sync).
    if (pupilId) void recordView(db, pupilId, new Date(), { kind: 'mdoCard', itemId });
  }, [pupilId, itemId]);

  if (data === undefined) return <Loading />;
  if (data.card === null) return <NotFound what="Voorbereidingskaart" />;
  return (
    <IonPage>
      <PageHeader title="Voorbereidingskaart" back={`/mdo/${id}`} />
      <IonContent className="ion-padding">
        <PreparationCardView card={data.card} />
      </IonContent>
    </IonPage>
  );
}
